package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** GitLab's {@code Push Hook} and {@code Tag Push Hook}, authenticated by the plain {@code X-Gitlab-Token}. */
@ApplicationScoped
public class GitLabWebhook implements GitProviderWebhook {

    /** GitLab: the repository under "project", an annotated tag's commit in checkout_sha (null on deletion). */
    private static final PushPayloads.PushFields FIELDS = new PushPayloads.PushFields(
            "project.path_with_namespace",
            "project.git_http_url",
            "project.web_url",
            "project.default_branch",
            "checkout_sha");

    /** GitLab lists at most 20 commits; {@code total_commits_count} has the real count. */
    static final int COMMIT_LIST_LIMIT = 20;

    // GitLab replaces the address of users who keep it private with this marker.
    private static final String REDACTED = "[REDACTED]";

    @Override
    public CommitPushed.GitProvider provider() {
        return CommitPushed.GitProvider.GITLAB;
    }

    @Override
    public String pathSegment() {
        return "gitlab";
    }

    @Override
    public WebhookKind kind(Function<String, String> headers) {
        String event = eventName(headers);
        if (event == null) {
            return WebhookKind.OTHER;
        }
        // A "System Hook" carries pushes of every project in the instance; it is not a project webhook.
        return switch (event) {
            case "Push Hook", "Tag Push Hook" -> WebhookKind.PUSH;
            default -> WebhookKind.OTHER;
        };
    }

    @Override
    public String eventName(Function<String, String> headers) {
        return PushPayloads.header(headers, "X-Gitlab-Event");
    }

    /**
     * GitLab's {@code Idempotency-Key} (GitLab 17.4 and later): the same on every retry of one delivery, and its own
     * for each hook a request fires. {@code X-Gitlab-Event-UUID} is neither: it changes on a retry and is shared by
     * every hook one request fires (the pushes of several branches in one {@code git push}), so it is never used.
     * Older GitLab sends no key: null, and the caller keys the delivery by its body, which a retry repeats byte for
     * byte and which differs between two pushes.
     */
    @Override
    public String deliveryId(Function<String, String> headers) {
        return PushPayloads.header(headers, "Idempotency-Key");
    }

    @Override
    public Optional<String> repositoryFullName(JsonNode body) {
        return PushPayloads.repositoryName(body, "project.path_with_namespace");
    }

    @Override
    public Authentication authentication() {
        return Authentication.SHARED_TOKEN;
    }

    @Override
    public String signatureHeader() {
        return "X-Gitlab-Token";
    }

    @Override
    public CommitPushed normalize(JsonNode body, String deliveryId, Instant receivedAt) {
        return PushPayloads.normalize(
                body,
                provider(),
                FIELDS,
                deliveryId,
                Json.optionalCount(body, "total_commits_count"),
                COMMIT_LIST_LIMIT,
                pusher(body),
                receivedAt);
    }

    private static GitIdentity pusher(JsonNode body) {
        String username = Json.optionalText(body, "user_username");
        String name = username != null ? username : Json.optionalText(body, "user_name");
        if (name == null) {
            return null;
        }
        String email = Json.optionalText(body, "user_email");
        return new GitIdentity(name, REDACTED.equals(email) ? null : email);
    }
}
