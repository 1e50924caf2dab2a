package io.gitopsflow.console.web;

import io.gitopsflow.console.api.CommitHeader;
import io.gitopsflow.console.api.CommitMatch;
import io.gitopsflow.console.api.CommitTimeline;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.CommitSearch;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The Commit page: find a commit by its SHA or a prefix of it, then follow its way from the webhook to the last stage
 * as a waterfall of steps with their durations, failures in red with their reason; live while the commit moves.
 */
@Path("/ui/commits")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class CommitPage {

    /** The most matches a search lists; more asks for a longer prefix. */
    static final int MAX_MATCHES = 50;

    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{4,64}");
    private static final Pattern FULL = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(Page page, String prefix, List<Match> matches, boolean more);

        static native TemplateInstance commit(Page page, String commit, Header header, Waterfall waterfall);

        static native TemplateInstance commit$waterfall(Waterfall waterfall);
    }

    /**
     * A commit a search found.
     *
     * @param commit its SHA
     * @param subject the first line of its message, or null
     * @param header its push
     * @param pushed when its webhook came, for people
     */
    public record Match(String commit, String subject, CommitHeader header, String pushed) {}

    /**
     * The commit as its push brought it.
     *
     * @param push the push, or null when the console saw none
     * @param branch the branch (or the ref when it is no branch)
     * @param committed the author date, for people
     */
    public record Header(CommitHeader push, String branch, String committed) {}

    private final Pages pages;
    private final CommitSearch search;
    private final TimelineService timelines;
    private final SecurityIdentity identity;

    public CommitPage(Pages pages, CommitSearch search, TimelineService timelines, SecurityIdentity identity) {
        this.pages = pages;
        this.search = search;
        this.timelines = timelines;
        this.identity = identity;
    }

    @GET
    @Operation(hidden = true)
    public Response search(@QueryParam("sha") String sha) {
        String prefix = sha == null ? "" : sha.strip().toLowerCase(Locale.ROOT);
        if (!PREFIX.matcher(prefix).matches()) {
            throw Names.badRequest("'" + ErrorPage.quoted(sha)
                    + "' is not a commit SHA or a prefix of one: 4 to 64 hexadecimal characters (0-9, a-f)");
        }
        if (FULL.matcher(prefix).matches()) {
            return commitPage(prefix);
        }
        List<CommitMatch> found = search.startingWith(prefix, MAX_MATCHES + 1);
        if (found.size() == 1) {
            return commitPage(found.get(0).commit());
        }
        List<Match> matches =
                found.stream().limit(MAX_MATCHES).map(CommitPage::match).toList();
        String html = Templates.search(pages.page(identity), prefix, matches, found.size() > MAX_MATCHES)
                .render();
        return Response.status(found.isEmpty() ? Response.Status.NOT_FOUND : Response.Status.OK)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html)
                .build();
    }

    @GET
    @Path("{sha}")
    @Operation(hidden = true)
    public Response commit(@PathParam("sha") String sha) throws SQLException {
        return timeline(
                sha,
                timeline ->
                        Templates.commit(pages.page(identity), sha, header(timeline.header()), Waterfall.of(timeline)));
    }

    /** The live region of the commit page: its waterfall, fetched again when the commit's timeline changes. */
    @GET
    @Path("{sha}/timeline")
    @Operation(hidden = true)
    public Response waterfall(@PathParam("sha") String sha) throws SQLException {
        return timeline(sha, timeline -> Templates.commit$waterfall(Waterfall.of(timeline)));
    }

    /** The commit's timeline rendered by {@code render}; a SHA in upper case is sent to its lower-case page. */
    private Response timeline(String sha, Function<CommitTimeline, TemplateInstance> render) throws SQLException {
        if (!FULL.matcher(sha).matches()) {
            String lower = sha.toLowerCase(Locale.ROOT);
            if (FULL.matcher(lower).matches()) {
                return commitPage(lower);
            }
            throw Names.badRequest(
                    "'" + ErrorPage.quoted(sha) + "' is not a full commit SHA (40 or 64 hexadecimal characters)");
        }
        CommitTimeline timeline = timelines
                .timeline(sha)
                .orElseThrow(() -> new NotFoundException("Commit " + sha
                        + " is unknown to the console: no push, build, image or promotion of it was seen."));
        return Response.ok(render.apply(timeline).render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .build();
    }

    private static Response commitPage(String sha) {
        return Response.seeOther(URI.create("/ui/commits/" + sha)).build();
    }

    private static Match match(CommitMatch found) {
        CommitHeader header = found.header();
        String subject = Details.firstLine(header.message());
        return new Match(
                found.commit(), subject.isEmpty() ? null : subject, header, Readable.when(header.receivedAt()));
    }

    private static Header header(CommitHeader push) {
        if (push == null) {
            return new Header(null, null, null);
        }
        String ref = push.ref();
        String branch = ref != null && ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
        return new Header(push, branch, Readable.when(push.committedAt()));
    }
}
