package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.Commit;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import io.gitopsflow.events.CommitPushed.GitRepository;
import io.gitopsflow.events.CommitPushed.RefType;
import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** What every provider's push payload has in common: refs, SHAs, the commit shape and the truncation rule. */
final class PushPayloads {

    private static final String BRANCH_PREFIX = "refs/heads/";
    private static final String TAG_PREFIX = "refs/tags/";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern ZERO_SHA = Pattern.compile("0{40}|0{64}");

    private PushPayloads() {}

    /** A pushed ref split into its type and short name. */
    record Ref(String full, RefType type, String name) {}

    /** How many commits a push carried and whether the provider listed fewer. */
    record CommitCount(int total, boolean truncated) {}

    /** A header value, trimmed; null when absent or blank. */
    static String header(Function<String, String> headers, String name) {
        String value = headers == null ? null : headers.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The repository name at {@code path} when it is a valid name: only a valid name may select a secret. */
    static Optional<String> repositoryName(JsonNode body, String path) {
        JsonNode value = Json.at(body, path);
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResourceNames.requireRepositoryFullName(value.textValue()));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    static GitRepository repository(String fullName, String cloneUrl, String webUrl, String defaultBranch) {
        try {
            return new GitRepository(fullName, cloneUrl, webUrl, defaultBranch);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(e.getMessage(), e);
        }
    }

    static Ref ref(String ref) {
        RefType type;
        String name;
        if (ref.startsWith(BRANCH_PREFIX)) {
            type = RefType.BRANCH;
            name = ref.substring(BRANCH_PREFIX.length());
        } else if (ref.startsWith(TAG_PREFIX)) {
            type = RefType.TAG;
            name = ref.substring(TAG_PREFIX.length());
        } else {
            throw new InvalidWebhookException(
                    "ref " + Json.quote(ref) + " is neither a branch (refs/heads/...) nor a tag (refs/tags/...)");
        }
        if (name.isEmpty()) {
            throw new InvalidWebhookException("ref " + Json.quote(ref) + " names no branch or tag");
        }
        return new Ref(ref, type, name);
    }

    static String requiredSha(JsonNode node, String where, String path) {
        String sha = optionalSha(node, where, path);
        if (sha == null) {
            throw new InvalidWebhookException("missing field " + Json.name(where, path));
        }
        return sha;
    }

    static String optionalSha(JsonNode node, String where, String path) {
        String sha = Json.optionalText(node, where, path);
        if (sha != null && !SHA.matcher(sha).matches()) {
            throw new InvalidWebhookException("field " + Json.name(where, path)
                    + " must be a full Git object id: 40 or 64 lower-case hexadecimal characters");
        }
        return sha;
    }

    /** All zeros: the ref did not exist on that side of the push (created, or deleted when it is {@code after}). */
    static boolean isZeroSha(String sha) {
        return sha != null && ZERO_SHA.matcher(sha).matches();
    }

    /** The {@code commits} array; GitHub, Gitea and GitLab list commits in the same shape. */
    static List<Commit> commits(JsonNode body) {
        List<JsonNode> nodes = Json.array(body, "", "commits");
        List<Commit> commits = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            commits.add(commit(nodes.get(i), "commits[" + i + "]"));
        }
        return commits;
    }

    private static Commit commit(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new InvalidWebhookException("field " + where + " must be an object");
        }
        String id = requiredSha(node, where, "id");
        String authorName = Json.optionalText(node, where, "author.name");
        GitIdentity author =
                authorName == null ? null : new GitIdentity(authorName, Json.optionalText(node, where, "author.email"));
        try {
            return new Commit(
                    id,
                    Json.optionalText(node, where, "message"),
                    Json.optionalInstant(node, where, "timestamp"),
                    author,
                    Json.optionalText(node, where, "url"),
                    Json.stringList(node, where, "added"),
                    Json.stringList(node, where, "modified"),
                    Json.stringList(node, where, "removed"));
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The push's commit count: the provider's own count when it sends one, else the listed commits. A list as long as
     * the provider's limit without a count may have been cut, so it counts as truncated: a path filter must not trust
     * it.
     */
    static CommitCount count(int listed, Integer reported, int listLimit) {
        if (reported != null) {
            int total = Math.max(reported, listed);
            return new CommitCount(total, total > listed);
        }
        return new CommitCount(listed, listed >= listLimit);
    }

    /**
     * Where a provider's push payload keeps what is not the same everywhere: the repository fields and the commit an
     * annotated tag points at (the payload's "after" is then the tag object).
     */
    record PushFields(String fullName, String cloneUrl, String webUrl, String defaultBranch, String taggedCommit) {}

    /** Normalizes a push payload laid out as {@code fields} says; every provider shares the rest of the shape. */
    static CommitPushed normalize(
            JsonNode body,
            CommitPushed.GitProvider provider,
            PushFields fields,
            String deliveryId,
            Integer reportedCount,
            int listLimit,
            GitIdentity pusher,
            Instant receivedAt) {
        Json.requireObject(body);
        GitRepository repository = repository(
                Json.requiredText(body, fields.fullName()),
                Json.requiredText(body, fields.cloneUrl()),
                Json.optionalText(body, fields.webUrl()),
                Json.optionalText(body, fields.defaultBranch()));
        Ref ref = ref(Json.requiredText(body, "ref"));
        String before = requiredSha(body, "", "before");
        String after = requiredSha(body, "", "after");
        if (ref.type() == CommitPushed.RefType.TAG) {
            String tagged = optionalSha(body, "", fields.taggedCommit());
            if (tagged != null) {
                after = tagged;
            }
        }
        List<Commit> commits = commits(body);
        return commitPushed(
                deliveryId,
                provider,
                repository,
                ref,
                before,
                after,
                commits,
                count(commits.size(), reportedCount, listLimit),
                pusher,
                receivedAt);
    }

    static CommitPushed commitPushed(
            String deliveryId,
            CommitPushed.GitProvider provider,
            GitRepository repository,
            Ref ref,
            String before,
            String after,
            List<Commit> commits,
            CommitCount count,
            GitIdentity pusher,
            Instant receivedAt) {
        try {
            return new CommitPushed(
                    deliveryId,
                    provider,
                    repository,
                    ref.full(),
                    ref.type(),
                    ref.name(),
                    before,
                    after,
                    commits,
                    count.truncated(),
                    count.total(),
                    pusher,
                    receivedAt);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(e.getMessage(), e);
        }
    }
}
