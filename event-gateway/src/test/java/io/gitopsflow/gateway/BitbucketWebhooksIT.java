package io.gitopsflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.Topics;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bitbucket Cloud and Data Center push webhooks, fed with real deliveries (webhook-samples/bitbucket-*, see SOURCE)
 * through the HTTP endpoint, against the real Kafka broker and PostgreSQL.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "event_gateway"))
class BitbucketWebhooksIT {

    /**
     * The signature Bitbucket Cloud sent with signed-branch-created.json, made with the secret the test profile
     * configures for nfalco79/test-repos.
     */
    private static final String CLOUD_SIGNATURE =
            "sha256=f205c729821c6954aff2afe72b965c34015b4baf96ea8ddc2cc44999c014a035";
    /** The test profile's default secret: repositories without a secret of their own are signed with it. */
    private static final String DEFAULT_SECRET = "test-default-secret";

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    // --- Bitbucket Cloud ---

    @Test
    void aCloudPushSignedByBitbucketIsPublishedForItsBranch() {
        byte[] body = sample("bitbucket-cloud/signed-branch-created.json");
        String request = UUID.randomUUID().toString();

        cloud(request, 1)
                .header("X-Hub-Signature", CLOUD_SIGNATURE)
                .body(body)
                .post("/webhooks/bitbucket")
                .then()
                .statusCode(202)
                .body("outcome", equalTo("accepted"))
                .body("deliveryId", equalTo(request))
                .body("eventIds", hasSize(1));

        CommitPushed push = single(publishedFor(request));
        assertThat(push.provider()).isEqualTo(CommitPushed.GitProvider.BITBUCKET);
        assertThat(push.repository().fullName()).isEqualTo("nfalco79/test-repos");
        assertThat(push.repository().cloneUrl()).isEqualTo("https://bitbucket.org/nfalco79/test-repos.git");
        assertThat(push.ref()).isEqualTo("refs/heads/feature/webhook");
        assertThat(push.refType()).isEqualTo(CommitPushed.RefType.BRANCH);
        assertThat(push.before()).isEqualTo("0".repeat(40));
        assertThat(push.after()).isEqualTo("d7f300a32270053bdfd97a6d64113f58202c33e7");
        // Bitbucket lists no changed files: a path filter cannot trust the commit list
        assertThat(push.commitsTruncated()).isTrue();
    }

    @Test
    void aCloudPushWithABadOrMissingSignatureIsRefusedAndPublishesNothing() {
        byte[] body = sample("bitbucket-cloud/signed-branch-created.json");
        String bad = UUID.randomUUID().toString();
        String missing = UUID.randomUUID().toString();

        // the signature of Jenkins' test_bad_signature: one hex digit changed
        cloud(bad, 1)
                .header("X-Hub-Signature", CLOUD_SIGNATURE.substring(0, CLOUD_SIGNATURE.length() - 1) + "6")
                .body(body)
                .post("/webhooks/bitbucket")
                .then()
                .statusCode(401)
                .body("reason", equalTo("X-Hub-Signature does not match the configured secret"));
        // the repository has a secret: an unsigned delivery cannot be its own
        cloud(missing, 1)
                .body(body)
                .post("/webhooks/bitbucket")
                .then()
                .statusCode(401)
                .body(
                        "reason",
                        equalTo("missing X-Hub-Signature header: repository nfalco79/test-repos has a webhook"
                                + " secret"));

        assertThat(publishedFor(bad)).isEmpty();
        assertThat(publishedFor(missing)).isEmpty();
    }

    @Test
    void anUnsignedCloudPushOfAnAllowListedRepositoryIsPublishedOncePerChangedRef() {
        byte[] body = sample("bitbucket-cloud/multiple-changes.json");
        String request = UUID.randomUUID().toString();

        cloud(request, 1)
                .body(body)
                .post("/webhooks/bitbucket")
                .then()
                .statusCode(202)
                .body("eventIds", hasSize(3));

        List<CommitPushed> pushes = publishedFor(request);
        assertThat(pushes)
                .extracting(CommitPushed::ref)
                .containsExactlyInAnyOrder("refs/heads/main", "refs/heads/manchu", "refs/tags/v0.1");
        CommitPushed main = byRef(pushes, "refs/heads/main");
        assertThat(main.before()).isEqualTo("fc4d1ce2853b6f1ac0d0dbad643d17ef4a6e0be7");
        assertThat(main.after()).isEqualTo("325d37697849f4b1fe42cb19c20134af08e03a82");
        assertThat(main.repository().cloneUrl()).isEqualTo("https://bitbucket.org/cloudbeers/temp.git");
        assertThat(main.commits()).singleElement().satisfies(commit -> {
            assertThat(commit.id()).isEqualTo("325d37697849f4b1fe42cb19c20134af08e03a82");
            assertThat(commit.author().name()).isEqualTo("Stephen Connolly");
            assertThat(commit.author().email()).isEqualTo("stephen.alan.connolly@gmail.com");
        });
        CommitPushed manchu = byRef(pushes, "refs/heads/manchu");
        assertThat(manchu.before()).isEqualTo("0".repeat(40));
        assertThat(manchu.after()).isEqualTo("e22fcb49645b4586a845938afac5eb3ac1950586");
        // newest first in the payload, oldest first in the event: the head commit comes last
        assertThat(manchu.commits()).hasSize(5);
        assertThat(manchu.commits().get(4).id()).isEqualTo(manchu.after());
        CommitPushed tag = byRef(pushes, "refs/tags/v0.1");
        assertThat(tag.refType()).isEqualTo(CommitPushed.RefType.TAG);
        assertThat(tag.after()).isEqualTo("1986c228494671574242f99b62d1a00a4bfb69a5");
    }

    @Test
    void anAutomaticRetryWithTheSameRequestUuidIsADuplicate() {
        byte[] body = sample("bitbucket-cloud/branch-updated.json");
        String request = UUID.randomUUID().toString();

        cloud(request, 1).body(body).post("/webhooks/bitbucket").then().statusCode(202);
        cloud(request, 2)
                .body(body)
                .post("/webhooks/bitbucket")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));
        cloud(request, 3)
                .body(body)
                .post("/webhooks/bitbucket")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));

        assertThat(publishedFor(request)).singleElement().satisfies(push -> {
            assertThat(push.ref()).isEqualTo("refs/heads/main");
            assertThat(push.after()).isEqualTo("e42fac24456e4a56f1b7f9358afc3070e3b7ddec");
        });
    }

    @Test
    void anUnsignedCloudPushOfARepositoryNotOnTheAllowListIsRefusedWithTheSetting() {
        byte[] body = sample("bitbucket-cloud/annotated-tag-created.json");
        String request = UUID.randomUUID().toString();

        cloud(request, 1)
                .body(body)
                .post("/webhooks/bitbucket")
                .then()
                .statusCode(403)
                .body("outcome", equalTo("rejected"))
                .body("reason", containsString("unsigned delivery for repository amuniz/test-repos"))
                .body("reason", containsString("gitops-flow.gateway.providers.bitbucket.unsigned-repositories"));

        assertThat(publishedFor(request)).isEmpty();
    }

    @Test
    void aCloudTagSignedWithTheDefaultSecretIsPublishedAtItsCommit() {
        byte[] body = sample("bitbucket-cloud/annotated-tag-created.json");
        String request = UUID.randomUUID().toString();

        signedCloud(request, body).then().statusCode(202);

        assertThat(publishedFor(request)).singleElement().satisfies(push -> {
            assertThat(push.ref()).isEqualTo("refs/tags/test-tag");
            assertThat(push.after()).isEqualTo("7ef5981d59145c3ed300b1ab77b93907d33abe59");
        });
    }

    @Test
    void aCloudBranchDeletionIsIgnored() {
        signedCloud(UUID.randomUUID().toString(), sample("bitbucket-cloud/branch-deleted.json"))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"))
                .body("reason", equalTo("branch and tag deletions do not trigger"));
    }

    @Test
    void atlassiansExampleIsRefusedBecauseItsPageIsNotItsRepository() {
        // repository.links.html.href names api.bitbucket.org/bitbucket/bitbucket, full_name team_name/repo_name:
        // such a clone URL is never handed to build-worker
        signedCloud(UUID.randomUUID().toString(), sample("bitbucket-cloud/atlassian-docs-repo-push.json"))
                .then()
                .statusCode(400)
                .body("reason", containsString("must be the repository team_name/repo_name"));
    }

    @Test
    void aCloudEventOtherThanAPushIsIgnoredWithItsName() {
        given().contentType("application/json")
                .header("X-Event-Key", "repo:fork")
                .header("X-Request-UUID", UUID.randomUUID().toString())
                .body(sample("bitbucket-cloud/branch-updated.json"))
                .post("/webhooks/bitbucket")
                .then()
                .statusCode(200)
                .body("reason", equalTo("event repo:fork is not handled"));
    }

    @Test
    void namesFromOutsideAreValidatedBeforeTheyReachAnEvent() throws IOException {
        ObjectNode badBranch = (ObjectNode) Webhooks.JSON.readTree(sample("bitbucket-cloud/branch-updated.json"));
        ((ObjectNode) badBranch.at("/push/changes/0/new")).put("name", "main..evil");
        ObjectNode badRepository = (ObjectNode) Webhooks.JSON.readTree(sample("bitbucket-cloud/branch-updated.json"));
        ((ObjectNode) badRepository.get("repository")).put("full_name", "cloudbeers/../temp");
        String branchRequest = UUID.randomUUID().toString();

        signedCloud(branchRequest, Webhooks.bytes(badBranch))
                .then()
                .statusCode(400)
                .body("reason", containsString("ref"));
        signedCloud(UUID.randomUUID().toString(), Webhooks.bytes(badRepository))
                .then()
                .statusCode(400)
                .body("reason", equalTo("the payload names no valid repository"));
        assertThat(publishedFor(branchRequest)).isEmpty();
    }

    // --- Bitbucket Data Center ---

    @Test
    void aDataCenterPushSignedWithTheSecretIsPublished() {
        byte[] body = sample("bitbucket-server/branch-updated.json");
        String request = UUID.randomUUID().toString();

        server(request, body, "sha256=" + Webhooks.hmac(DEFAULT_SECRET, body))
                .then()
                .statusCode(202)
                .body("eventIds", hasSize(1));

        CommitPushed push = single(publishedFor(request));
        assertThat(push.provider()).isEqualTo(CommitPushed.GitProvider.BITBUCKET_SERVER);
        assertThat(push.repository().fullName()).isEqualTo("amuniz/test-repos");
        assertThat(push.repository().cloneUrl()).isEqualTo("http://localhost:7990/scm/amuniz/test-repos.git");
        assertThat(push.ref()).isEqualTo("refs/heads/main");
        assertThat(push.before()).isEqualTo("a8c13e8850dc60300be720019d1ffc1aa2fded87");
        assertThat(push.after()).isEqualTo("9fdd7b96d3f5c276d0b9e0bf38c879eb112d889a");
        assertThat(push.pusher().name()).isEqualTo("Antonio Muniz");
        assertThat(push.headCommit())
                .hasValueSatisfying(
                        commit -> assertThat(commit.message()).isEqualTo("source-2: Wed 13 Nov 2024 21:54:36 AEST"));
    }

    @Test
    void aDataCenterPushWithABadOrMissingSignatureIsRefused() {
        byte[] body = sample("bitbucket-server/branch-updated.json");
        String bad = UUID.randomUUID().toString();
        String missing = UUID.randomUUID().toString();

        server(bad, body, "sha256=" + Webhooks.hmac("not-the-secret", body))
                .then()
                .statusCode(401)
                .body("reason", equalTo("X-Hub-Signature does not match the configured secret"));
        server(missing, body, null)
                .then()
                .statusCode(403)
                .body("reason", containsString("unsigned delivery for repository amuniz/test-repos"))
                .body("reason", containsString("gitops-flow.gateway.providers.bitbucket-server.unsigned-repositories"));

        assertThat(publishedFor(bad)).isEmpty();
        assertThat(publishedFor(missing)).isEmpty();
    }

    @Test
    void atlassiansDataCenterExampleUnsignedIsPublishedForAnAllowListedRepositoryOnce() {
        byte[] body = sample("bitbucket-server/atlassian-docs-refs-changed.json");
        String request = UUID.randomUUID().toString();

        server(request, body, null).then().statusCode(202);
        server(request, body, null).then().statusCode(200).body("outcome", equalTo("duplicate"));

        assertThat(publishedFor(request)).singleElement().satisfies(push -> {
            assertThat(push.repository().fullName()).isEqualTo("myproject/test-repo");
            assertThat(push.repository().cloneUrl()).isEqualTo("https://bitbucketserver/scm/myproject/test-repo.git");
            assertThat(push.ref()).isEqualTo("refs/heads/master");
            assertThat(push.before()).isEqualTo("f09c8889a2d234985734958795a31589cd91ffda");
            assertThat(push.after()).isEqualTo("22671f0349857934857983457983475ec39f196b");
            assertThat(push.pusher().name()).isEqualTo("John");
            assertThat(push.pusher().email()).isEqualTo("john@example.com");
        });
    }

    @Test
    void aDataCenterAnnotatedTagIsPublishedAtTheCommitItTags() {
        byte[] body = sample("bitbucket-server/annotated-tag-created.json");
        String request = UUID.randomUUID().toString();

        server(request, body, "sha256=" + Webhooks.hmac(DEFAULT_SECRET, body))
                .then()
                .statusCode(202);

        assertThat(publishedFor(request)).singleElement().satisfies(push -> {
            assertThat(push.ref()).isEqualTo("refs/tags/annotated-tag");
            // toHash is the tag object 118cc365...; toCommit the commit
            assertThat(push.after()).isEqualTo("fb522a6f08c7c7df337312e4e65ec1b57710672e");
        });
    }

    @Test
    void aDataCenterServedUnderAContextPathClonesFromIt() {
        byte[] body = sample("bitbucket-server/branch-created-context-path.json");
        String request = UUID.randomUUID().toString();

        server(request, body, "sha256=" + Webhooks.hmac(DEFAULT_SECRET, body))
                .then()
                .statusCode(202);

        assertThat(publishedFor(request)).singleElement().satisfies(push -> {
            assertThat(push.repository().cloneUrl())
                    .isEqualTo("http://localhost:7990/bitbucket/scm/amuniz/test-repos.git");
            assertThat(push.ref()).isEqualTo("refs/heads/feature/BB-1");
        });
    }

    @Test
    void aDataCenterBranchDeletionIsIgnored() {
        byte[] body = sample("bitbucket-server/branch-deleted.json");
        server(UUID.randomUUID().toString(), body, "sha256=" + Webhooks.hmac(DEFAULT_SECRET, body))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"));
    }

    @Test
    void testConnectionIsAnsweredWithoutAnEventAndAWrongSecretIsReported() {
        byte[] body = sample("bitbucket-server/diagnostics-ping.json");
        String request = UUID.randomUUID().toString();

        serverEvent("diagnostics:ping", request, body, null)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("pong"));
        serverEvent("diagnostics:ping", request, body, "sha256=" + Webhooks.hmac(DEFAULT_SECRET, body))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("pong"));
        serverEvent("diagnostics:ping", request, body, "sha256=" + Webhooks.hmac("not-the-secret", body))
                .then()
                .statusCode(401);

        assertThat(publishedFor(request)).isEmpty();
    }

    @Test
    void aPersonalRepositoryIsRefusedWithTheReason() {
        byte[] body = sample("bitbucket-server/personal-repository.json");
        server(UUID.randomUUID().toString(), body, "sha256=" + Webhooks.hmac(DEFAULT_SECRET, body))
                .then()
                .statusCode(400)
                .body("reason", equalTo("the payload names no valid repository"));
    }

    // --- helpers ---

    /** Bitbucket Cloud's headers: the event, the hook, the request and its attempt. */
    private static RequestSpecification cloud(String request, int attempt) {
        return given().contentType("application/json")
                .header("User-Agent", "Bitbucket-Webhooks/2.0")
                .header("X-Event-Key", "repo:push")
                .header("X-Hook-UUID", "0302255c-f4f0-4232-916b-bef521fbdd08")
                .header("X-Request-UUID", request)
                .header("X-Attempt-Number", String.valueOf(attempt));
    }

    private static Response signedCloud(String request, byte[] body) {
        return cloud(request, 1)
                .header("X-Hub-Signature", "sha256=" + Webhooks.hmac(DEFAULT_SECRET, body))
                .body(body)
                .post("/webhooks/bitbucket");
    }

    private static Response server(String request, byte[] body, String signature) {
        return serverEvent("repo:refs_changed", request, body, signature);
    }

    private static Response serverEvent(String event, String request, byte[] body, String signature) {
        RequestSpecification spec = given().contentType("application/json; charset=UTF-8")
                .header("X-Event-Key", event)
                .header("X-Request-Id", request);
        if (signature != null) {
            spec = spec.header("X-Hub-Signature", signature);
        }
        return spec.body(body).post("/webhooks/bitbucket-server");
    }

    static byte[] sample(String name) {
        try (InputStream in = BitbucketWebhooksIT.class.getResourceAsStream("/webhook-samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CommitPushed single(List<CommitPushed> pushes) {
        assertThat(pushes).hasSize(1);
        return pushes.get(0);
    }

    private static CommitPushed byRef(List<CommitPushed> pushes, String ref) {
        return pushes.stream()
                .filter(push -> push.ref().equals(ref))
                .findFirst()
                .orElseThrow();
    }

    /** The events published for a delivery, once Kafka has them (accepted answers come after the acknowledgement). */
    private static List<CommitPushed> publishedFor(String delivery) {
        return kafka.readAll(Topics.COMMIT_PUSHED, r -> true).stream()
                .map(record -> KafkaTestClient.decode(EventType.COMMIT_PUSHED, record))
                .flatMap(Optional::stream)
                .map(EventEnvelope::data)
                .filter(push -> push.deliveryId().equals(delivery))
                .toList();
    }
}
