package io.gitopsflow.gateway.provider;

import static io.gitopsflow.gateway.provider.Fixtures.assertNoPayloadIn;
import static io.gitopsflow.gateway.provider.Fixtures.headers;
import static io.gitopsflow.gateway.provider.Fixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.Commit;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import io.gitopsflow.events.CommitPushed.RefType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GitLabWebhookTest {

    private static final Instant RECEIVED = Instant.parse("2025-06-15T02:00:00Z");
    private static final String UUID = "0b6a3f29-7e4c-4d1b-9a55-c2e8f1d07b36";
    private static final String FIRST = "b88061bef5957606a5894fadc094cf7c26fac36b";
    private static final String LAST = "c14ba10356f24a8091627cf01719c9310f5d4c9b";
    private static final String ZERO = "0".repeat(40);

    private final GitLabWebhook webhook = new GitLabWebhook();

    @Test
    void describesGitLab() {
        assertThat(webhook.provider()).isEqualTo(CommitPushed.GitProvider.GITLAB);
        assertThat(webhook.pathSegment()).isEqualTo("gitlab");
        assertThat(webhook.authentication()).isEqualTo(Authentication.SHARED_TOKEN);
        assertThat(webhook.authentication().isHmac()).isFalse();
        assertThat(webhook.signatureHeader()).isEqualTo("X-Gitlab-Token");
    }

    @Test
    void readsKindFromTheEventHeader() {
        assertThat(webhook.kind(headers("X-Gitlab-Event", "Push Hook"))).isEqualTo(WebhookKind.PUSH);
        assertThat(webhook.kind(headers("x-gitlab-event", "Tag Push Hook"))).isEqualTo(WebhookKind.PUSH);
        assertThat(webhook.kind(headers("X-Gitlab-Event", "System Hook"))).isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.kind(headers("X-Gitlab-Event", "Merge Request Hook")))
                .isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.kind(headers())).isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.eventName(headers("X-Gitlab-Event", "Merge Request Hook")))
                .isEqualTo("Merge Request Hook");
    }

    @Test
    void keysADeliveryByItsIdempotencyKeyNeverByTheEventUuid() {
        // the Event-UUID changes on a retry and is shared by the hooks of one request: it identifies no delivery
        assertThat(webhook.deliveryId(headers("X-Gitlab-Event-UUID", UUID, "Idempotency-Key", "other")))
                .isEqualTo("other");
        assertThat(webhook.deliveryId(headers("idempotency-key", "4e7f0c1a-9b2d-4c3e-8f5a-6d1b2c3e4f50")))
                .isEqualTo("4e7f0c1a-9b2d-4c3e-8f5a-6d1b2c3e4f50");
        assertThat(webhook.deliveryId(headers("X-Gitlab-Event-UUID", UUID))).isNull();
        assertThat(webhook.deliveryId(headers("X-Gitlab-Event-UUID", UUID, "Idempotency-Key", " ")))
                .isNull();
        assertThat(webhook.deliveryId(headers())).isNull();
    }

    @Test
    void readsTheProjectPathWithSubgroups() {
        assertThat(webhook.repositoryFullName(load("gitlab-push.json"))).contains("fintech/core/payments-gateway");
        ObjectNode noProject = load("gitlab-push.json");
        noProject.remove("project");
        assertThat(webhook.repositoryFullName(noProject)).isEmpty();
    }

    @Test
    void normalizesAPushThatListsTwentyOfTwentyThreeCommits() {
        CommitPushed event = webhook.normalize(load("gitlab-push.json"), UUID, RECEIVED);

        assertThat(event.deliveryId()).isEqualTo(UUID);
        assertThat(event.provider()).isEqualTo(CommitPushed.GitProvider.GITLAB);
        assertThat(event.repository())
                .isEqualTo(new CommitPushed.GitRepository(
                        "fintech/core/payments-gateway",
                        "https://gitlab.acme.example/fintech/core/payments-gateway.git",
                        "https://gitlab.acme.example/fintech/core/payments-gateway",
                        "develop"));
        assertThat(event.ref()).isEqualTo("refs/heads/develop");
        assertThat(event.refType()).isEqualTo(RefType.BRANCH);
        assertThat(event.refName()).isEqualTo("develop");
        assertThat(event.before()).isEqualTo("17d4d883ccfa9eceb0d7b476ab9d111fdde6bb05");
        assertThat(event.after()).isEqualTo(LAST);
        assertThat(event.commits()).hasSize(20);
        assertThat(event.commits().get(0).id()).isEqualTo(FIRST);
        assertThat(event.totalCommits()).isEqualTo(23);
        assertThat(event.commitsTruncated()).isTrue();
        assertThat(event.pusher()).isEqualTo(new GitIdentity("atanaka", "aiko.tanaka@acme.example"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.headCommit()).map(Commit::id).contains(LAST);

        Commit first = event.commits().get(0);
        assertThat(first.message())
                .isEqualTo("Refactor settlement batch step 1\n\nPart of the settlement rework (FIN-310).\n");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2025-06-14T23:00:00Z"));
        assertThat(first.author()).isEqualTo(new GitIdentity("Aiko Tanaka", "aiko.tanaka@acme.example"));
        assertThat(first.url())
                .isEqualTo("https://gitlab.acme.example/fintech/core/payments-gateway/-/commit/" + FIRST);
        assertThat(first.added()).containsExactly("src/settlement/step_01.py");
        assertThat(first.modified()).containsExactly("src/settlement/batch.py");
        assertThat(event.commits().get(19).removed()).containsExactly("src/settlement/legacy.py");
    }

    @Test
    void normalizesATagPushToTheCheckoutSha() {
        ObjectNode body = load("gitlab-tag-push.json");
        CommitPushed event = webhook.normalize(body, UUID, RECEIVED);

        assertThat(event.ref()).isEqualTo("refs/tags/v2.3.0");
        assertThat(event.refType()).isEqualTo(RefType.TAG);
        assertThat(event.refName()).isEqualTo("v2.3.0");
        assertThat(event.before()).isEqualTo(ZERO);
        // "after" is the annotated tag object; checkout_sha is the commit
        assertThat(body.get("after").asText()).isEqualTo("f84c45528c740225a85fa7ea2633261ffb33b91d");
        assertThat(event.after()).isEqualTo(LAST);
        assertThat(event.commits()).isEmpty();
        assertThat(event.totalCommits()).isZero();
        assertThat(event.commitsTruncated()).isFalse();
        // GitLab hides private addresses behind a marker, which is no address
        assertThat(event.pusher()).isEqualTo(new GitIdentity("lnilsson", null));
        assertThat(webhook.isBranchDeletion(body)).isFalse();
    }

    @Test
    void detectsRefDeletion() {
        assertThat(webhook.isBranchDeletion(load("gitlab-push.json"))).isFalse();

        ObjectNode deleted = load("gitlab-tag-push.json");
        deleted.put("before", LAST);
        deleted.put("after", ZERO);
        deleted.putNull("checkout_sha");
        assertThat(webhook.isBranchDeletion(deleted)).isTrue();
        assertThat(webhook.normalize(deleted, UUID, RECEIVED).after()).isEqualTo(ZERO);
    }

    @Test
    void withoutACountAFullListCountsAsTruncated() {
        ObjectNode body = load("gitlab-push.json");
        body.remove("total_commits_count");
        CommitPushed event = webhook.normalize(body, UUID, RECEIVED);
        assertThat(event.totalCommits()).isEqualTo(20);
        assertThat(event.commitsTruncated()).isTrue();

        ((ArrayNode) body.get("commits")).remove(0);
        CommitPushed nineteen = webhook.normalize(body, UUID, RECEIVED);
        assertThat(nineteen.totalCommits()).isEqualTo(19);
        assertThat(nineteen.commitsTruncated()).isFalse();
    }

    @Test
    void fallsBackToTheUserNameForThePusher() {
        ObjectNode body = load("gitlab-push.json");
        body.remove("user_username");
        body.put("user_email", "");
        assertThat(webhook.normalize(body, UUID, RECEIVED).pusher()).isEqualTo(new GitIdentity("Aiko Tanaka", null));
    }

    @Test
    void namesMissingAndInvalidFields() {
        ObjectNode noCloneUrl = load("gitlab-push.json");
        ((ObjectNode) noCloneUrl.get("project")).remove("git_http_url");
        assertInvalid(noCloneUrl, "missing field project.git_http_url");

        ObjectNode noPath = load("gitlab-push.json");
        ((ObjectNode) noPath.get("project")).remove("path_with_namespace");
        assertInvalid(noPath, "missing field project.path_with_namespace");

        ObjectNode mergeRequestRef = load("gitlab-push.json");
        mergeRequestRef.put("ref", "refs/merge-requests/7/head");
        assertInvalid(mergeRequestRef, "ref \"refs/merge-requests/7/head\" is neither a branch");

        ObjectNode badCount = load("gitlab-push.json");
        badCount.put("total_commits_count", 2.5);
        assertInvalid(badCount, "field total_commits_count must be a non-negative whole number");

        ObjectNode badCommit = load("gitlab-push.json");
        ((ObjectNode) badCommit.get("commits").get(7)).put("timestamp", "yesterday");
        assertInvalid(badCommit, "field commits[7].timestamp must be an ISO 8601 date-time");

        ObjectNode badCheckout = load("gitlab-tag-push.json");
        badCheckout.put("checkout_sha", "c14ba10");
        assertInvalid(badCheckout, "field checkout_sha must be a full Git object id");

        ObjectNode tooDeep = load("gitlab-push.json");
        ((ObjectNode) tooDeep.get("project")).put("path_with_namespace", "a/b/c/d/e/f/g/h/i/j/k");
        assertInvalid(tooDeep, "invalid repository name \"a/b/c/d/e/f/g/h/i/j/k\"");
    }

    private void assertInvalid(ObjectNode body, String expectedStart) {
        assertThatThrownBy(() -> webhook.normalize(body, UUID, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .satisfies(e -> assertNoPayloadIn(e.getMessage(), "settlement", "aiko.tanaka", "payments-gateway.git"))
                .hasMessageStartingWith(expectedStart);
    }
}
