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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubWebhookTest {

    private static final Instant RECEIVED = Instant.parse("2025-06-13T09:22:03Z");
    private static final String DELIVERY = "5d8c1e40-4839-11f0-8a5d-1a2b3c4d5e6f";
    private static final String C1 = "60c34ef66a9ea64abdb4784320fd6c5232788026";
    private static final String C2 = "55a756462b3a30527dbad19dbc57682ac40c74f6";
    private static final String C3 = "6a3cd1ccb22339d66cbc6dd6143775ed45059e5a";
    private static final String ZERO = "0".repeat(40);

    private final GitHubWebhook webhook = new GitHubWebhook();

    @Test
    void describesGitHub() {
        assertThat(webhook.provider()).isEqualTo(CommitPushed.GitProvider.GITHUB);
        assertThat(webhook.pathSegment()).isEqualTo("github");
        assertThat(webhook.authentication()).isEqualTo(Authentication.HMAC_SHA256_PREFIXED);
        assertThat(webhook.authentication().prefix()).isEqualTo("sha256=");
        assertThat(webhook.authentication().isHmac()).isTrue();
        assertThat(webhook.signatureHeader()).isEqualTo("X-Hub-Signature-256");
    }

    @Test
    void readsKindFromTheEventHeaderCaseInsensitively() {
        assertThat(webhook.kind(headers("X-GitHub-Event", "push"))).isEqualTo(WebhookKind.PUSH);
        assertThat(webhook.kind(headers("x-github-event", "ping"))).isEqualTo(WebhookKind.PING);
        assertThat(webhook.kind(headers("X-GitHub-Event", "pull_request"))).isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.kind(headers("X-GitHub-Event", "  "))).isEqualTo(WebhookKind.OTHER);
        assertThat(webhook.kind(headers())).isEqualTo(WebhookKind.OTHER);
        // Gitea also sends X-GitHub-Event; only GitHub's own header counts here, and Gitea's is not it
        assertThat(webhook.kind(headers("X-Gitea-Event", "push"))).isEqualTo(WebhookKind.OTHER);
    }

    @Test
    void readsEventNameAndDeliveryId() {
        var headers = headers("X-GitHub-Event", "pull_request", "X-GITHUB-DELIVERY", " " + DELIVERY + " ");
        assertThat(webhook.eventName(headers)).isEqualTo("pull_request");
        assertThat(webhook.deliveryId(headers)).isEqualTo(DELIVERY);
        assertThat(webhook.eventName(headers())).isNull();
        assertThat(webhook.deliveryId(headers())).isNull();
        assertThat(webhook.deliveryId(headers("X-GitHub-Delivery", ""))).isNull();
    }

    @Test
    void readsTheRepositoryNameBeforeAuthentication() {
        assertThat(webhook.repositoryFullName(load("github-push-branch.json"))).contains("acme/books-api");
        assertThat(webhook.repositoryFullName(load("github-ping.json"))).contains("acme/books-api");

        ObjectNode missing = load("github-push-branch.json");
        missing.remove("repository");
        assertThat(webhook.repositoryFullName(missing)).isEmpty();

        ObjectNode hostile = load("github-push-branch.json");
        ((ObjectNode) hostile.get("repository")).put("full_name", "acme/../other");
        assertThat(webhook.repositoryFullName(hostile)).isEmpty();

        ObjectNode notText = load("github-push-branch.json");
        ((ObjectNode) notText.get("repository")).put("full_name", 42);
        assertThat(webhook.repositoryFullName(notText)).isEmpty();
        assertThat(webhook.repositoryFullName(Fixtures.MAPPER.createArrayNode()))
                .isEmpty();
    }

    @Test
    void normalizesABranchPush() {
        CommitPushed event = webhook.normalize(load("github-push-branch.json"), DELIVERY, RECEIVED);

        assertThat(event.deliveryId()).isEqualTo(DELIVERY);
        assertThat(event.provider()).isEqualTo(CommitPushed.GitProvider.GITHUB);
        assertThat(event.repository())
                .isEqualTo(new CommitPushed.GitRepository(
                        "acme/books-api",
                        "https://github.com/acme/books-api.git",
                        "https://github.com/acme/books-api",
                        "main"));
        assertThat(event.ref()).isEqualTo("refs/heads/main");
        assertThat(event.refType()).isEqualTo(RefType.BRANCH);
        assertThat(event.refName()).isEqualTo("main");
        assertThat(event.before()).isEqualTo("f0c7b1afb15984bfbcd922d01fdcb783960bc9eb");
        assertThat(event.after()).isEqualTo(C3);
        assertThat(event.commits()).extracting(Commit::id).containsExactly(C1, C2, C3);
        assertThat(event.commitsTruncated()).isFalse();
        assertThat(event.totalCommits()).isEqualTo(3);
        assertThat(event.pusher()).isEqualTo(new GitIdentity("mdupont", "marie.dupont@acme.example"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.headCommit()).map(Commit::id).contains(C3);

        Commit second = event.commits().get(1);
        assertThat(second.message()).isEqualTo("Drop the legacy XML endpoint\n\nNo client has called it since March.");
        assertThat(second.timestamp()).isEqualTo(Instant.parse("2025-06-13T09:14:40Z"));
        assertThat(second.author()).isEqualTo(new GitIdentity("Marie Dupont", "marie.dupont@acme.example"));
        assertThat(second.url()).isEqualTo("https://github.com/acme/books-api/commit/" + C2);
        assertThat(second.added()).isEmpty();
        assertThat(second.modified()).containsExactly("src/main/resources/application.properties");
        assertThat(second.removed()).containsExactly("src/main/java/com/acme/books/LegacyXmlResource.java");
        assertThat(event.commits().get(0).added()).containsExactly("src/main/java/com/acme/books/Isbn.java");
    }

    @Test
    void normalizesAnAnnotatedTagPushToTheTaggedCommit() {
        ObjectNode body = load("github-push-tag.json");
        CommitPushed event = webhook.normalize(body, DELIVERY, RECEIVED);

        assertThat(event.ref()).isEqualTo("refs/tags/v1.4.0");
        assertThat(event.refType()).isEqualTo(RefType.TAG);
        assertThat(event.refName()).isEqualTo("v1.4.0");
        assertThat(event.before()).isEqualTo(ZERO);
        // "after" in the payload is the tag object; the event carries the commit that gets built
        assertThat(body.get("after").asText()).isEqualTo("4651da4db8363a092c5c2c0ccb712ba96b8df177");
        assertThat(event.after()).isEqualTo(C3);
        assertThat(event.commits()).isEmpty();
        assertThat(event.totalCommits()).isZero();
        assertThat(event.commitsTruncated()).isFalse();
        assertThat(webhook.isBranchDeletion(body)).isFalse();
    }

    @Test
    void keepsAfterForATagPushWithoutHeadCommit() {
        ObjectNode body = load("github-push-tag.json");
        body.putNull("head_commit");
        assertThat(webhook.normalize(body, DELIVERY, RECEIVED).after())
                .isEqualTo("4651da4db8363a092c5c2c0ccb712ba96b8df177");
    }

    @Test
    void aDeletedFlagThatIsNotABooleanIsRefusedNotReadAsFalse() {
        ObjectNode stringFlag = load("github-push-branch.json");
        stringFlag.put("deleted", "true");

        assertThatThrownBy(() -> webhook.isBranchDeletion(stringFlag))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessage("field deleted must be a boolean (true or false)");
    }

    @Test
    void detectsBranchDeletion() {
        assertThat(webhook.isBranchDeletion(load("github-branch-deleted.json"))).isTrue();
        assertThat(webhook.isBranchDeletion(load("github-push-branch.json"))).isFalse();
        assertThat(webhook.isBranchDeletion(load("github-ping.json"))).isFalse();

        ObjectNode flagOnly = load("github-push-branch.json");
        flagOnly.put("deleted", true);
        assertThat(webhook.isBranchDeletion(flagOnly)).isTrue();

        ObjectNode zerosOnly = load("github-branch-deleted.json");
        zerosOnly.remove("deleted");
        assertThat(webhook.isBranchDeletion(zerosOnly)).isTrue();

        CommitPushed deleted = webhook.normalize(load("github-branch-deleted.json"), DELIVERY, RECEIVED);
        assertThat(deleted.after()).isEqualTo(ZERO);
        assertThat(deleted.refName()).isEqualTo("feature/isbn");
        assertThat(deleted.commits()).isEmpty();
    }

    @Test
    void aFullListOf2048CommitsCountsAsTruncated() {
        ObjectNode body = load("github-push-branch.json");
        ObjectNode template = (ObjectNode) body.get("commits").get(0);
        ArrayNode commits = body.putArray("commits");
        for (int i = 0; i < GitHubWebhook.COMMIT_LIST_LIMIT; i++) {
            commits.add(template.deepCopy().put("id", String.format("%040x", i + 1)));
        }
        CommitPushed event = webhook.normalize(body, DELIVERY, RECEIVED);
        assertThat(event.commits()).hasSize(2048);
        assertThat(event.totalCommits()).isEqualTo(2048);
        assertThat(event.commitsTruncated()).isTrue();
    }

    @Test
    void usesACountWhenOneIsGiven() {
        ObjectNode body = load("github-push-branch.json");
        body.put("size", 3000);
        CommitPushed event = webhook.normalize(body, DELIVERY, RECEIVED);
        assertThat(event.totalCommits()).isEqualTo(3000);
        assertThat(event.commitsTruncated()).isTrue();
    }

    @Test
    void leavesOptionalFieldsNull() {
        ObjectNode body = load("github-push-branch.json");
        ObjectNode repository = (ObjectNode) body.get("repository");
        repository.remove(List.of("html_url", "default_branch"));
        body.remove("pusher");
        ObjectNode commit = (ObjectNode) body.get("commits").get(0);
        commit.remove(List.of("timestamp", "url", "author", "added", "message"));

        CommitPushed event = webhook.normalize(body, DELIVERY, RECEIVED);
        assertThat(event.repository().webUrl()).isNull();
        assertThat(event.repository().defaultBranch()).isNull();
        assertThat(event.pusher()).isNull();
        Commit first = event.commits().get(0);
        assertThat(first.timestamp()).isNull();
        assertThat(first.url()).isNull();
        assertThat(first.author()).isNull();
        assertThat(first.added()).isEmpty();
        assertThat(first.message()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"repository.full_name", "repository.clone_url", "ref", "before", "after"})
    void namesAMissingRequiredField(String path) {
        ObjectNode body = load("github-push-branch.json");
        int dot = path.indexOf('.');
        if (dot < 0) {
            body.remove(path);
        } else {
            ((ObjectNode) body.get(path.substring(0, dot))).remove(path.substring(dot + 1));
        }
        assertInvalid(body, "missing field " + path);
    }

    @Test
    void rejectsARefThatIsNeitherBranchNorTag() {
        ObjectNode body = load("github-push-branch.json");
        body.put("ref", "refs/pull/42/head");
        assertInvalid(body, "ref \"refs/pull/42/head\" is neither a branch (refs/heads/...) nor a tag (refs/tags/...)");

        body.put("ref", "refs/heads/");
        assertInvalid(body, "ref \"refs/heads/\" names no branch or tag");
    }

    @Test
    void rejectsAnInvalidRefWithoutForgingALogLine() {
        ObjectNode body = load("github-push-branch.json");
        body.put("ref", "refs/heads/main\nINFO forged log line");
        String message = invalidMessage(body);
        assertThat(message).startsWith("invalid Git ref \"refs/heads/main\\nINFO forged log line\"");
        assertThat(message).contains("control characters");
    }

    @Test
    void rejectsInvalidValuesNamingTheField() {
        ObjectNode badAfter = load("github-push-branch.json");
        badAfter.put("after", "HEAD");
        assertInvalid(badAfter, "field after must be a full Git object id: 40 or 64 lower-case hexadecimal characters");

        ObjectNode badCommitId = load("github-push-branch.json");
        ((ObjectNode) badCommitId.get("commits").get(1)).put("id", "55a7564");
        assertInvalid(badCommitId, "field commits[1].id must be a full Git object id");

        ObjectNode missingCommitId = load("github-push-branch.json");
        ((ObjectNode) missingCommitId.get("commits").get(2)).remove("id");
        assertInvalid(missingCommitId, "missing field commits[2].id");

        ObjectNode badTimestamp = load("github-push-branch.json");
        ((ObjectNode) badTimestamp.get("commits").get(0)).put("timestamp", "13/06/2025 10:58");
        assertInvalid(badTimestamp, "field commits[0].timestamp must be an ISO 8601 date-time with an offset");

        ObjectNode noOffset = load("github-push-branch.json");
        ((ObjectNode) noOffset.get("commits").get(0)).put("timestamp", "2025-06-13T10:58:02");
        assertInvalid(noOffset, "field commits[0].timestamp must be an ISO 8601 date-time with an offset");

        ObjectNode badFiles = load("github-push-branch.json");
        ((ObjectNode) badFiles.get("commits").get(0)).putArray("modified").add(7);
        assertInvalid(badFiles, "field commits[0].modified[0] must be a string");

        ObjectNode commitsNotArray = load("github-push-branch.json");
        commitsNotArray.put("commits", "none");
        assertInvalid(commitsNotArray, "field commits must be an array");

        ObjectNode commitNotObject = load("github-push-branch.json");
        ((ArrayNode) commitNotObject.get("commits")).insert(0, "x");
        assertInvalid(commitNotObject, "field commits[0] must be an object");

        ObjectNode cloneUrlNotText = load("github-push-branch.json");
        ((ObjectNode) cloneUrlNotText.get("repository")).putObject("clone_url");
        assertInvalid(cloneUrlNotText, "field repository.clone_url must be a string");

        ObjectNode badName = load("github-push-branch.json");
        ((ObjectNode) badName.get("repository")).put("full_name", "acme/books api");
        assertInvalid(badName, "invalid repository name \"acme/books api\"");

        ObjectNode badSize = load("github-push-branch.json");
        badSize.put("size", -1);
        assertInvalid(badSize, "field size must be a non-negative whole number");
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        assertThatThrownBy(() -> webhook.normalize(Fixtures.MAPPER.createArrayNode(), DELIVERY, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessage("body must be a JSON object");
        assertThatThrownBy(() -> webhook.normalize(null, DELIVERY, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessage("body must be a JSON object");
    }

    @Test
    void aPingIsNotAPush() {
        // The caller answers a ping without normalizing; if it did, the reason names the first missing field.
        assertInvalid(load("github-ping.json"), "missing field ref");
    }

    @Test
    void requiresADeliveryId() {
        assertThatThrownBy(() -> webhook.normalize(load("github-push-branch.json"), null, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessage("deliveryId is required and must not be blank");
    }

    private void assertInvalid(ObjectNode body, String expectedStart) {
        assertThat(invalidMessage(body)).startsWith(expectedStart);
    }

    private String invalidMessage(ObjectNode body) {
        try {
            webhook.normalize(body, DELIVERY, RECEIVED);
        } catch (InvalidWebhookException e) {
            assertNoPayloadIn(
                    e.getMessage(), "Add ISBN-13 validation", "marie.dupont", "https://github.com/acme/books-api.git");
            return e.getMessage();
        }
        throw new AssertionError("expected an InvalidWebhookException");
    }
}
