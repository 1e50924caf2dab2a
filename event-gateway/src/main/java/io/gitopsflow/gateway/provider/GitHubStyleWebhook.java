package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.Commit;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import io.gitopsflow.events.CommitPushed.RefType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The push payload GitHub defined and Gitea copied: {@code repository.*}, {@code head_commit}, {@code pusher}. */
abstract class GitHubStyleWebhook implements GitProviderWebhook {

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
    public boolean isBranchDeletion(JsonNode body) {
        JsonNode after = Json.at(body, "after");
        return after.isTextual() && PushPayloads.isZeroSha(after.textValue());
    }

    @Override
    public CommitPushed normalize(JsonNode body, String deliveryId, Instant receivedAt) {
        Json.requireObject(body);
        var repository = PushPayloads.repository(
                Json.requiredText(body, "repository.full_name"),
                Json.requiredText(body, "repository.clone_url"),
                Json.optionalText(body, "repository.html_url"),
                Json.optionalText(body, "repository.default_branch"));
        PushPayloads.Ref ref = PushPayloads.ref(Json.requiredText(body, "ref"));
        String before = PushPayloads.requiredSha(body, "", "before");
        String after = PushPayloads.requiredSha(body, "", "after");
        if (ref.type() == RefType.TAG) {
            // An annotated tag's "after" is the tag object; head_commit is the commit it points at, which is what
            // gets built.
            String tagged = PushPayloads.optionalSha(body, "", "head_commit.id");
            if (tagged != null) {
                after = tagged;
            }
        }
        List<Commit> commits = PushPayloads.commits(body);
        String countField = commitCountField();
        Integer reported = countField == null ? null : Json.optionalCount(body, countField);
        return PushPayloads.commitPushed(
                deliveryId,
                provider(),
                repository,
                ref,
                before,
                after,
                commits,
                PushPayloads.count(commits.size(), reported, commitListLimit()),
                pusher(body),
                receivedAt);
    }
}
