package io.gitopsflow.buildworker.rest;

import io.gitopsflow.buildworker.service.BuildActionException;
import io.gitopsflow.buildworker.service.BuildQueries;
import io.gitopsflow.buildworker.service.BuildRetry;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The builds, for a signed-in user: list (newest first, optionally of one repository) and one build with its log
 * excerpt; an operator retries a failed one (recorded in the audit log).
 */
@Path("/builds")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "builds")
@SecurityRequirement(name = "jwt")
public class BuildResource {

    private static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final int REPOSITORY_MAX = 300;
    /** A full commit id: SHA-1 or SHA-256, lower-case hex. */
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final BuildQueries queries;
    private final BuildRetry retries;
    private final SecurityIdentity identity;

    public BuildResource(BuildQueries queries, BuildRetry retries, SecurityIdentity identity) {
        this.queries = queries;
        this.retries = retries;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "List builds, newest first: the newest 100, or every build of one commit")
    public Uni<List<BuildView>> list(@QueryParam("repository") String repository, @QueryParam("commit") String commit) {
        if (repository != null && (repository.isBlank() || repository.length() > REPOSITORY_MAX)) {
            throw new BuildActionException(400, "repository must be 1 to " + REPOSITORY_MAX + " characters");
        }
        if (commit != null && !COMMIT.matcher(commit).matches()) {
            throw new BuildActionException(400, "commit must be a full commit id (40 or 64 lower-case hex characters)");
        }
        return queries.builds(repository, commit)
                .map(found -> found.stream().map(BuildView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One build, with its steps' timings, result and log excerpt")
    public Uni<BuildView> get(@PathParam("id") String id) {
        return queries.build(buildId(id)).map(BuildView::of);
    }

    @POST
    @Path("/{id}/retry")
    @RolesAllowed("${gitops-flow.build.operator-role}")
    @Operation(summary = "Run a failed build again (operator role; 409 when it did not fail); audit-logged")
    public Uni<BuildView> retry(@PathParam("id") String id) {
        return retries.retry(buildId(id), actor()).map(BuildView::of);
    }

    /** The token's principal name as the audit log keeps it (its column holds 200 characters). */
    private String actor() {
        String name = identity.getPrincipal().getName();
        if (name == null || name.isBlank()) {
            return "(unnamed)";
        }
        return name.length() > 200 ? name.substring(0, 197) + "..." : name;
    }

    /** Checked by form before it reaches the database. */
    static String buildId(String id) {
        if (id == null || !BUILD_ID.matcher(id).matches()) {
            throw new BuildActionException(
                    400, "a build id is 1 to 64 letters, digits and '-', starting with a letter or digit");
        }
        return id;
    }
}
