package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** The push payload GitHub defined and Gitea copied: {@code repository.*}, {@code head_commit}, {@code pusher}. */
abstract class GitHubStyleWebhook implements GitProviderWebhook {

    /** GitHub and Gitea: the repository under "repository", an annotated tag's commit in head_commit. */
    private static final PushPayloads.PushFields FIELDS = new PushPayloads.PushFields(
            "repository.full_name",
            "repository.clone_url",
            "repository.html_url",
            "repository.default_branch",
            "head_commit.id");

    /** The header naming the event, e.g. {@code X-GitHub-Event}. */
    abstract String eventHeader();

    abstract String deliveryHeader();

    /** Maps a present event header value onto a kind. */
    abstract WebhookKind kindOf(String event);

    /** The body field with the provider's own commit count, or null when it sends none. */
    abstract String commitCountField();

    /** How many commits the provider lists at most. */
    abstract int commitListLimit();

    abstract GitIdentity pusher(JsonNode body);

    @Override
    public WebhookKind kind(Function<String, String> headers) {
        String event = eventName(headers);
        return event == null ? WebhookKind.OTHER : kindOf(event);
    }

    @Override
    public String eventName(Function<String, String> headers) {
        return PushPayloads.header(headers, eventHeader());
    }

    @Override
    public String deliveryId(Function<String, String> headers) {
        return PushPayloads.header(headers, deliveryHeader());
    }

    @Override
    public Optional<String> repositoryFullName(JsonNode body) {
        return PushPayloads.repositoryName(body, "repository.full_name");
    }

    @Override
    public CommitPushed normalize(JsonNode body, String deliveryId, Instant receivedAt) {
        return PushPayloads.normalize(
                body,
                provider(),
                FIELDS,
                deliveryId,
                commitCountField() == null ? null : Json.optionalCount(body, commitCountField()),
                commitListLimit(),
                pusher(body),
                receivedAt);
    }
}
