package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.Commit;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import io.gitopsflow.events.CommitPushed.GitRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bitbucket Cloud's {@code repo:push} webhook: one {@code commit-pushed} per changed branch or tag of
 * {@code push.changes}. Bitbucket lists at most 5 commits per change, newest first, and never the changed files.
 */
@ApplicationScoped
public class BitbucketCloudWebhook implements RefChangesWebhook {

    private static final String ZERO_SHA = "0".repeat(40);

    @Override
    public CommitPushed.GitProvider provider() {
        return CommitPushed.GitProvider.BITBUCKET;
    }

    @Override
    public String pathSegment() {
        return "bitbucket";
    }

    @Override
    public WebhookKind kind(Function<String, String> headers) {
        return "repo:push".equals(eventName(headers)) ? WebhookKind.PUSH : WebhookKind.OTHER;
    }

    @Override
    public String eventName(Function<String, String> headers) {
        return PushPayloads.header(headers, "X-Event-Key");
    }

    @Override
    public String deliveryId(Function<String, String> headers) {
        // X-Request-UUID names the request; its automatic retries carry it again with X-Attempt-Number 2 and 3.
        return PushPayloads.header(headers, "X-Request-UUID");
    }

    @Override
    public Optional<String> repositoryFullName(JsonNode body) {
        return PushPayloads.repositoryName(body, "repository.full_name");
    }

    @Override
    public List<CommitPushed> normalize(JsonNode body, String deliveryId, Instant receivedAt) {
        Json.requireObject(body);
        // The payload has no clone URL; the repository's page is where Git clones it from (Kargo reads the same link).
        String webUrl = Json.requiredText(body, "repository.links.html.href");
        GitRepository repository =
                PushPayloads.repository(Json.requiredText(body, "repository.full_name"), webUrl + ".git", webUrl, null);
        GitIdentity pusher = identity(
                Json.optionalText(body, "actor.display_name"), Json.optionalText(body, "actor.nickname"), null);
        List<JsonNode> changes = Json.array(body, "", "push.changes");
        List<CommitPushed> pushes = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            String where = "push.changes[" + i + "]";
            JsonNode change = changes.get(i);
            if (Json.isAbsent(change.path("new"))) {
                continue; // a deleted branch or tag: "new" is null
            }
            PushPayloads.Ref ref = PushPayloads.ref(fullRef(change, where));
            String after = PushPayloads.requiredSha(change, where, "new.target.hash");
            String before = Json.isAbsent(change.path("old"))
                    ? ZERO_SHA
                    : PushPayloads.requiredSha(change, where, "old.target.hash");
            List<Commit> commits = commits(change, where);
            // Bitbucket names no changed files, so a path filter cannot see them: counted as truncated.
            PushPayloads.CommitCount count = new PushPayloads.CommitCount(commits.size(), true);
            pushes.add(PushPayloads.commitPushed(
                    deliveryId, provider(), repository, ref, before, after, commits, count, pusher, receivedAt));
        }
        return pushes;
    }

    private static String fullRef(JsonNode change, String where) {
        String type = Json.requiredText(change, where, "new.type");
        String name = Json.requiredText(change, where, "new.name");
        return switch (type) {
            case "branch" -> "refs/heads/" + name;
            case "tag" -> "refs/tags/" + name;
            default ->
                throw new InvalidWebhookException(
                        "field " + where + ".new.type must be branch or tag, not " + Json.quote(type));
        };
    }

    /** The change's commits, oldest first (Bitbucket lists them newest first). */
    private static List<Commit> commits(JsonNode change, String where) {
        List<JsonNode> nodes = Json.array(change, where, "commits");
        List<Commit> commits = new ArrayList<>(nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            String at = where + ".commits[" + i + "]";
            JsonNode node = nodes.get(i);
            String raw = Json.optionalText(node, at, "author.raw");
            GitIdentity author = identity(Json.optionalText(node, at, "author.user.display_name"), null, raw);
            try {
                commits.add(new Commit(
                        PushPayloads.requiredSha(node, at, "hash"),
                        Json.optionalText(node, at, "message"),
                        Json.optionalInstant(node, at, "date"),
                        author,
                        Json.optionalText(node, at, "links.html.href"),
                        List.of(),
                        List.of(),
                        List.of()));
            } catch (IllegalArgumentException e) {
                throw new InvalidWebhookException(at + ": " + e.getMessage(), e);
            }
        }
        return commits;
    }

    /** A person from Git's {@code Name <email>} when given, else from the account's names; null when none. */
    static GitIdentity identity(String displayName, String nickname, String raw) {
        if (raw != null) {
            int open = raw.lastIndexOf('<');
            int close = raw.lastIndexOf('>');
            if (open > 0 && close > open) {
                return new GitIdentity(
                        raw.substring(0, open).strip(),
                        raw.substring(open + 1, close).strip());
            }
            if (!raw.isBlank()) {
                return new GitIdentity(raw.strip(), null);
            }
        }
        String name = displayName != null ? displayName : nickname;
        return name == null ? null : new GitIdentity(name, null);
    }
}
