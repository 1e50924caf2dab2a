package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** Gitea's {@code push} webhook (its test delivery is a push too), signed with a bare hex {@code X-Gitea-Signature}. */
@ApplicationScoped
public class GiteaWebhook extends GitHubStyleWebhook {

    /** Gitea's default for listed commits ({@code [ui] FEED_MAX_COMMIT_NUM}); only used when it sends no total. */
    static final int COMMIT_LIST_LIMIT = 5;

    @Override
    public CommitPushed.GitProvider provider() {
        return CommitPushed.GitProvider.GITEA;
    }

    @Override
    public String pathSegment() {
        return "gitea";
    }

    @Override
    public Authentication authentication() {
        return Authentication.HMAC_SHA256_HEX;
    }

    @Override
    public String signatureHeader() {
        return "X-Gitea-Signature";
    }

    @Override
    String eventHeader() {
        return "X-Gitea-Event";
    }

    @Override
    String deliveryHeader() {
        return "X-Gitea-Delivery";
    }

    @Override
    WebhookKind kindOf(String event) {
        // Gitea has no ping: "Test Delivery" sends a push built from the latest commit.
        return event.equals("push") ? WebhookKind.PUSH : WebhookKind.OTHER;
    }

    @Override
    String commitCountField() {
        return "total_commits";
    }

    @Override
    int commitListLimit() {
        return COMMIT_LIST_LIMIT;
    }

    @Override
    GitIdentity pusher(JsonNode body) {
        String login = Json.optionalText(body, "pusher.login");
        String name = login != null ? login : Json.optionalText(body, "pusher.username");
        return name == null ? null : new GitIdentity(name, Json.optionalText(body, "pusher.email"));
    }
}
