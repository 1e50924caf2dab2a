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

class GiteaWebhookTest {

    private static final Instant RECEIVED = Instant.parse("2025-06-14T07:40:00Z");
    private static final String DELIVERY = "8b0d6c2a-3f51-4f8e-a1c7-5e2b9d04f6a3";
    private static final String FIRST = "78e2aaa260436c8448d3b7352fe5514c9991f6a9";
    private static final String LAST = "3cbd52f3e52c4d29627dc0a7c2e41e5def856ab3";

    private final GiteaWebhook webhook = new GiteaWebhook();

    @Test
    void describesGitea() {
        assertThat(webhook.provider()).isEqualTo(CommitPushed.GitProvider.GITEA);
        assertThat(webhook.pathSegment()).isEqualTo("gitea");
        assertThat(webhook.authentication()).isEqualTo(Authentication.HMAC_SHA256_HEX);
        assertThat(webhook.authentication().prefix()).isEmpty();
        assertThat(webhook.signatureHeader()).isEqualTo("X-Gitea-Signature");
    }

    @Test
    void readsKindFromTheEventHeader() {
        assertThat(webhook.kind(headers("X-Gitea-Event", "push"))).isEqualTo(WebhookKind.PUSH);
        assertThat(webhook.kind(headers("x-gitea-event", "push"))).isEqualTo(WebhookKind.PUSH);
        // Gitea has no ping, and branch creation/deletion arrive as their own events besides the push
        assertThat(webhook.kind(headers("X-Gitea-Event", "ping"))).isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.kind(headers("X-Gitea-Event", "create"))).isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.kind(headers("X-Gitea-Event", "pull_request"))).isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.kind(headers("X-GitHub-Event", "push"))).isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.kind(headers())).isEqualTo(WebhookKind.OTHER);
    }

    @Test
    void readsEventNameAndDeliveryId() {
        var headers = headers("X-Gitea-Event", "push", "X-Gitea-Delivery", DELIVERY);
        assertThat(webhook.eventName(headers)).isEqualTo("push");
        assertThat(webhook.deliveryId(headers)).isEqualTo(DELIVERY);
        assertThat(webhook.deliveryId(headers("X-GitHub-Delivery", DELIVERY))).isNull();
    }

    @Test
    void readsTheRepositoryName() {
        assertThat(webhook.repositoryFullName(load("gitea-push.json"))).contains("platform/orders");
    }

    @Test
    void normalizesAPushThatListsFiveOfSevenCommits() {
        CommitPushed event = webhook.normalize(load("gitea-push.json"), DELIVERY, RECEIVED);

        assertThat(event.deliveryId()).isEqualTo(DELIVERY);
        assertThat(event.provider()).isEqualTo(CommitPushed.GitProvider.GITEA);
        assertThat(event.repository())
                .isEqualTo(new CommitPushed.GitRepository(
                        "platform/orders",
                        "https://git.acme.example/platform/orders.git",
                        "https://git.acme.example/platform/orders",
                        "main"));
        assertThat(event.ref()).isEqualTo("refs/heads/main");
        assertThat(event.refType()).isEqualTo(RefType.BRANCH);
        assertThat(event.refName()).isEqualTo("main");
        assertThat(event.before()).isEqualTo("65199e2ab09805526dc9ef7475306d20828aba46");
        assertThat(event.after()).isEqualTo(LAST);
        assertThat(event.commits()).hasSize(5);
        assertThat(event.commits().get(0).id()).isEqualTo(FIRST);
        assertThat(event.totalCommits()).isEqualTo(7);
        assertThat(event.commitsTruncated()).isTrue();
        assertThat(event.pusher()).isEqualTo(new GitIdentity("jmartin", "jonas.martin@acme.example"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.headCommit()).map(Commit::id).contains(LAST);

        Commit third = event.commits().get(2);
        assertThat(third.message()).isEqualTo("Cover cancellation with a store test\n");
        assertThat(third.timestamp()).isEqualTo(Instant.parse("2025-06-14T07:24:11Z"));
        assertThat(third.author()).isEqualTo(new GitIdentity("Jonas Martin", "jonas.martin@acme.example"));
        assertThat(third.url()).endsWith("/platform/orders/commit/" + third.id());
        assertThat(third.added()).containsExactly("internal/orders/store_test.go");
        assertThat(third.modified()).containsExactly("internal/orders/store.go");
        assertThat(third.removed()).isEmpty();
    }

    @Test
    void notTruncatedWhenEveryCommitIsListed() {
        ObjectNode body = load("gitea-push.json");
        body.put("total_commits", 5);
        CommitPushed event = webhook.normalize(body, DELIVERY, RECEIVED);
        assertThat(event.totalCommits()).isEqualTo(5);
        assertThat(event.commitsTruncated()).isFalse();
    }

    @Test
    void withoutATotalAFullListCountsAsTruncated() {
        // Gitea before total_commits existed: five listed commits may be five of many.
        ObjectNode full = load("gitea-push.json");
        full.remove("total_commits");
        CommitPushed event = webhook.normalize(full, DELIVERY, RECEIVED);
        assertThat(event.totalCommits()).isEqualTo(5);
        assertThat(event.commitsTruncated()).isTrue();

        ObjectNode shorter = load("gitea-push.json");
        shorter.remove("total_commits");
        ArrayNode commits = (ArrayNode) shorter.get("commits");
        commits.remove(0);
        commits.remove(0);
        CommitPushed three = webhook.normalize(shorter, DELIVERY, RECEIVED);
        assertThat(three.totalCommits()).isEqualTo(3);
        assertThat(three.commitsTruncated()).isFalse();
    }

    @Test
    void fallsBackToTheUsernameForThePusher() {
        ObjectNode body = load("gitea-push.json");
        ObjectNode pusher = (ObjectNode) body.get("pusher");
        pusher.remove("login");
        pusher.put("email", "");
        assertThat(webhook.normalize(body, DELIVERY, RECEIVED).pusher()).isEqualTo(new GitIdentity("jmartin", null));
    }

    @Test
    void normalizesATagPushToItsHeadCommit() {
        ObjectNode body = load("gitea-push.json");
        body.put("ref", "refs/tags/v0.9.0");
        body.put("before", "0".repeat(40));
        body.put("after", "9c1e5a7f3b2d4e6a8c0b1d3f5e7a9c2b4d6f8e0a");
        body.putArray("commits");
        body.put("total_commits", 0);

        CommitPushed event = webhook.normalize(body, DELIVERY, RECEIVED);
        assertThat(event.refType()).isEqualTo(RefType.TAG);
        assertThat(event.refName()).isEqualTo("v0.9.0");
        assertThat(event.after()).isEqualTo(LAST);
        assertThat(event.commits()).isEmpty();
        assertThat(event.commitsTruncated()).isFalse();
    }

    @Test
    void detectsBranchDeletionByAllZeroAfter() {
        assertThat(webhook.isBranchDeletion(load("gitea-push.json"))).isFalse();
        ObjectNode deleted = load("gitea-push.json");
        deleted.put("after", "0".repeat(40));
        deleted.putArray("commits");
        assertThat(webhook.isBranchDeletion(deleted)).isTrue();
        ObjectNode sha256Repository = load("gitea-push.json");
        sha256Repository.put("after", "0".repeat(64));
        assertThat(webhook.isBranchDeletion(sha256Repository)).isTrue();
        // "deleted" is GitHub's flag; Gitea does not send it and it means nothing here
        ObjectNode flag = load("gitea-push.json");
        flag.put("deleted", true);
        assertThat(webhook.isBranchDeletion(flag)).isFalse();
    }

    @Test
    void namesMissingAndInvalidFields() {
        ObjectNode noCloneUrl = load("gitea-push.json");
        ((ObjectNode) noCloneUrl.get("repository")).remove("clone_url");
        assertInvalid(noCloneUrl, "missing field repository.clone_url");

        ObjectNode noRepository = load("gitea-push.json");
        noRepository.remove("repository");
        assertInvalid(noRepository, "missing field repository.full_name");

        ObjectNode badTotal = load("gitea-push.json");
        badTotal.put("total_commits", "seven");
        assertInvalid(badTotal, "field total_commits must be a non-negative whole number");

        ObjectNode badBefore = load("gitea-push.json");
        badBefore.put("before", "65199E2AB09805526DC9EF7475306D20828ABA46");
        assertInvalid(badBefore, "field before must be a full Git object id");

        ObjectNode badTagCommit = load("gitea-push.json");
        badTagCommit.put("ref", "refs/tags/v0.9.0");
        ((ObjectNode) badTagCommit.get("head_commit")).put("id", "nope");
        assertInvalid(badTagCommit, "field head_commit.id must be a full Git object id");
    }

    private void assertInvalid(ObjectNode body, String expectedStart) {
        assertThatThrownBy(() -> webhook.normalize(body, DELIVERY, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .satisfies(e -> assertNoPayloadIn(e.getMessage(), "cancellation", "jonas.martin", "orders.git"))
                .hasMessageStartingWith(expectedStart);
    }
}
