package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.Commit;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import io.gitopsflow.events.CommitPushed.GitRepository;
import io.gitopsflow.events.validation.ResourceNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bitbucket Data Center's (formerly Server's) {@code repo:refs_changed} webhook: one {@code commit-pushed} per
 * added or updated ref of {@code changes}; its {@code diagnostics:ping} ("Test connection") is answered without an
 * event. A repository is named {@code <project key in lower case>/<slug>}, the path its clone URL has after
 * {@code /scm/}.
 */
@ApplicationScoped
public class BitbucketServerWebhook implements RefChangesWebhook {

    @Override
    public CommitPushed.GitProvider provider() {
        return CommitPushed.GitProvider.BITBUCKET_SERVER;
    }

    @Override
    public String pathSegment() {
        return "bitbucket-server";
    }

    @Override
    public WebhookKind kind(Function<String, String> headers) {
        String event = eventName(headers);
        if (event == null) {
            return WebhookKind.OTHER;
        }
        return switch (event) {
            case "repo:refs_changed" -> WebhookKind.PUSH;
            case "diagnostics:ping" -> WebhookKind.PING;
            default -> WebhookKind.OTHER;
        };
    }

    @Override
    public String eventName(Function<String, String> headers) {
        return PushPayloads.header(headers, "X-Event-Key");
    }

    @Override
    public String deliveryId(Function<String, String> headers) {
        return PushPayloads.header(headers, "X-Request-Id");
    }

    @Override
    public Optional<String> repositoryFullName(JsonNode body) {
        JsonNode key = Json.at(body, "repository.project.key");
        JsonNode slug = Json.at(body, "repository.slug");
        if (!key.isTextual() || !slug.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResourceNames.requireRepositoryFullName(
                    key.textValue().toLowerCase(Locale.ROOT) + "/" + slug.textValue()));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty(); // e.g. a personal repository, project key "~user"
        }
    }

    @Override
    public List<CommitPushed> normalize(JsonNode body, String deliveryId, Instant receivedAt) {
        Json.requireObject(body);
        String fullName = repositoryFullName(body)
                .orElseThrow(() -> new InvalidWebhookException("fields repository.project.key and repository.slug must"
                        + " name a repository (letters, digits, '_', '.', '-'; personal '~user' projects are not"
                        + " supported)"));
        List<JsonNode> pages = Json.array(body, "", "repository.links.self");
        String webUrl = pages.isEmpty() ? null : Json.optionalText(pages.get(0), "repository.links.self[0]", "href");
        GitRepository repository = PushPayloads.repository(fullName, httpCloneUrl(body), webUrl, null);
        GitIdentity pusher = identity(body, "", "actor");
        List<JsonNode> changes = Json.array(body, "", "changes");
        List<CommitPushed> pushes = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            String where = "changes[" + i + "]";
            JsonNode change = changes.get(i);
            String after = PushPayloads.requiredSha(change, where, "toHash");
            if ("DELETE".equals(Json.optionalText(change, where, "type")) || PushPayloads.isZeroSha(after)) {
                continue;
            }
            PushPayloads.Ref ref = PushPayloads.ref(Json.requiredText(change, where, "ref.id"));
            String before = PushPayloads.requiredSha(change, where, "fromHash");
            // The commits and toCommit describe the push's one ref only when it changed one ref.
            List<Commit> commits = changes.size() == 1 ? commits(body) : List.of();
            String toCommit = changes.size() == 1 ? PushPayloads.optionalSha(body, "", "toCommit.id") : null;
            if (ref.type() == CommitPushed.RefType.TAG && toCommit != null) {
                after = toCommit; // an annotated tag: toHash is the tag object, toCommit the commit it tags
            }
            // Data Center names no changed files, so a path filter cannot see them: counted as truncated.
            PushPayloads.CommitCount count = new PushPayloads.CommitCount(commits.size(), true);
            pushes.add(PushPayloads.commitPushed(
                    deliveryId, provider(), repository, ref, before, after, commits, count, pusher, receivedAt));
        }
        return pushes;
    }

    private static String httpCloneUrl(JsonNode body) {
        List<JsonNode> links = Json.array(body, "", "repository.links.clone");
        for (int i = 0; i < links.size(); i++) {
            if ("http".equals(Json.optionalText(links.get(i), "repository.links.clone[" + i + "]", "name"))) {
                return Json.requiredText(links.get(i), "repository.links.clone[" + i + "]", "href");
            }
        }
        throw new InvalidWebhookException("field repository.links.clone names no http clone URL");
    }

    /** The listed commits, oldest first (Data Center lists them newest first). */
    private static List<Commit> commits(JsonNode body) {
        List<JsonNode> nodes = Json.array(body, "", "commits");
        List<Commit> commits = new ArrayList<>(nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            String at = "commits[" + i + "]";
            JsonNode node = nodes.get(i);
            JsonNode millis = node.path("authorTimestamp");
            try {
                commits.add(new Commit(
                        PushPayloads.requiredSha(node, at, "id"),
                        Json.optionalText(node, at, "message"),
                        millis.canConvertToLong() && millis.isIntegralNumber()
                                ? Instant.ofEpochMilli(millis.longValue())
                                : null,
                        identity(node, at, "author"),
                        null,
                        List.of(),
                        List.of(),
                        List.of()));
            } catch (IllegalArgumentException e) {
                throw new InvalidWebhookException(at + ": " + e.getMessage(), e);
            }
        }
        return commits;
    }

    private static GitIdentity identity(JsonNode node, String where, String path) {
        String displayName = Json.optionalText(node, where, path + ".displayName");
        String name = displayName != null ? displayName : Json.optionalText(node, where, path + ".name");
        return name == null ? null : new GitIdentity(name, Json.optionalText(node, where, path + ".emailAddress"));
    }
}
