package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * GitHub's {@code push}, {@code ping} and {@code package} / {@code registry_package} (GHCR) webhooks, signed with
 * {@code X-Hub-Signature-256: sha256=<hex>}.
 */
@ApplicationScoped
public class GitHubWebhook extends GitHubStyleWebhook {

    /** GitHub's documented maximum of commits in a push payload; it sends no total for webhooks. */
    static final int COMMIT_LIST_LIMIT = 2048;

    @Override
    public CommitPushed.GitProvider provider() {
        return CommitPushed.GitProvider.GITHUB;
    }

    @Override
    public String pathSegment() {
        return "github";
    }

    @Override
    public Authentication authentication() {
        return Authentication.HMAC_SHA256_PREFIXED;
    }

    @Override
    public String signatureHeader() {
        return "X-Hub-Signature-256";
    }

    @Override
    public boolean sendsFormPayloads() {
        // the default of a new GitHub webhook; the signature covers the form body
        return true;
    }

    @Override
    String eventHeader() {
        return "X-GitHub-Event";
    }

    @Override
    String deliveryHeader() {
        return "X-GitHub-Delivery";
    }

    @Override
    WebhookKind kindOf(String event) {
        return switch (event) {
            case "push" -> WebhookKind.PUSH;
            case "ping" -> WebhookKind.PING;
            case "package", "registry_package" -> WebhookKind.PACKAGE;
            default -> WebhookKind.OTHER;
        };
    }

    @Override
    String commitCountField() {
        // Webhooks carry no count, but the Events API's PushEvent shape does; use it when a relay passes it on.
        return "size";
    }

    @Override
    int commitListLimit() {
        return COMMIT_LIST_LIMIT;
    }

    @Override
    GitIdentity pusher(JsonNode body) {
        String name = Json.optionalText(body, "pusher.name");
        return name == null ? null : new GitIdentity(name, Json.optionalText(body, "pusher.email"));
    }

    @Override
    public boolean isBranchDeletion(JsonNode body) {
        return Json.isTrue(body, "deleted") || super.isBranchDeletion(body);
    }
}
