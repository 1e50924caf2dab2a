package io.gitopsflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.Topics;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, webhooks: the providers' own samples (src/test/resources/webhook-samples, each with its SOURCE) through
 * the real endpoint, Kafka and PostgreSQL, as the providers send them.
 */
@QuarkusTest
@TestProfile(ProviderSamplesIT.SampleRepositories.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(DockerHubMirrorResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "event_gateway_samples"))
class ProviderSamplesIT {

    static final String DOCKER_HUB_SECRET = "dh-7f3a9c2e51b84d06a1e3";
    private static final String SECRET = "test-default-secret";
    private static final String V1 = "application/vnd.docker.distribution.events.v1+json";
    private static final String V2 = "application/vnd.docker.distribution.events.v2+json";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    /** The samples' repositories trigger, their hosts are allowed, Docker Hub has its URL secret. */
    public static class SampleRepositories implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gitops-flow.gateway.sensors.samples.repositories", "Codertocat/*,mike/*,jsmith/*,gitea/*",
                    // GitLab's documented samples live on http://example.com
                    "gitops-flow.gateway.providers.gitlab.clone-hosts", "gitlab.example.com,http://example.com",
                    // and Gitea's on http://localhost:3000
                    "gitops-flow.gateway.providers.gitea.clone-hosts", "gitea.example.com,http://localhost:3000",
                    "gitops-flow.gateway.secrets.docker-hub-token", DOCKER_HUB_SECRET);
        }
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    // --- CNCF distribution: v3 posts application/vnd.docker.distribution.events.v2+json, v2 ...v1+json

    @Test
    void distributionV3NotificationsAreReadInTheirOwnMediaType() {
        // the docs' envelope: a manifest pushed by digest and two layers: nothing with a tag, so nothing to publish
        registry(V2, sample("distribution/v3-docs-envelope.json"))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"))
                .body("reason", equalTo("no manifest push with a tag (pulls, blobs and deletes are ignored)"));
        registry(V2 + "; charset=utf-8", sample("distribution/v3-docs-pull.json"))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"));

        byte[] tagged = sample("distribution/v3-derived-tagged-push.json");
        String eventId = registry(V2, tagged)
                .then()
                .statusCode(202)
                .body("eventIds", hasSize(1))
                .extract()
                .path("eventIds[0]");
        ImagePublished image = kafka.<ImagePublished>awaitEvent(
                        EventType.IMAGE_PUBLISHED, e -> e.attributes().id().equals(eventId), WAIT)
                .data();
        assertThat(image.imageRepository()).isEqualTo("registrycluster.local/library/test");
        assertThat(image.tags()).containsExactly("latest");
        assertThat(image.digest()).isEqualTo("sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf");
        assertThat(image.origin()).isEqualTo(ImagePublished.Origin.REGISTRY);
        assertThat(image.publishedAt()).isEqualTo(Instant.parse("2006-01-02T15:04:05Z"));
        // the registry retries what it did not see acknowledged: the same envelope again is a duplicate
        registry(V2, tagged).then().statusCode(200).body("outcome", equalTo("duplicate"));
    }

    @Test
    void distributionV2NotificationsAsTheRealRegistrySentThem() {
        String eventId = registry(V1, sample("distribution/v2.8.2-recorded-tagged-push.json"))
                .then()
                .statusCode(202)
                .extract()
                .path("eventIds[0]");
        ImagePublished image = kafka.<ImagePublished>awaitEvent(
                        EventType.IMAGE_PUBLISHED, e -> e.attributes().id().equals(eventId), WAIT)
                .data();
        assertThat(image.imageRepository()).isEqualTo("127.0.0.1:18098/acme/books-api");
        assertThat(image.tags()).containsExactly("1.4.0");
        assertThat(image.digest()).isEqualTo("sha256:c5c3090c78a69c23565353b874b43eda3ad7c4cfcb855e839f3908ac5a11a9e6");

        // v2.8's own format test: a schema 1 manifest by digest and two layers, nothing a Warehouse could take
        registry(V1, sample("distribution/v2.8.3-event-test-envelope.json"))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"));
    }

    @Test
    void aMediaTypeNoRegistrySendsIsStillRefusedWithTheTypesThatAreRead() {
        registry("application/vnd.docker.distribution.events.v3+json", sample("distribution/v3-docs-pull.json"))
                .then()
                .statusCode(415)
                .body("reason", containsString(V1 + " or " + V2));
    }

    // --- GitLab: a delivery is its Idempotency-Key; X-Gitlab-Event-UUID changes on a retry and is shared

    @Test
    void gitlabRetriesOfOneDeliveryArePublishedOnce() {
        byte[] push = sample("gitlab/push.json");
        String key = UUID.randomUUID().toString();
        String eventId = gitlab("Push Hook", push, key, UUID.randomUUID().toString())
                .then()
                .statusCode(202)
                .body("deliveryId", equalTo(key))
                .extract()
                .path("eventIds[0]");
        // GitLab's retry and "Resend Request": the same data and Idempotency-Key, a new X-Gitlab-Event-UUID
        gitlab("Push Hook", push, key, UUID.randomUUID().toString())
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));

        CommitPushed pushed = kafka.<CommitPushed>awaitEvent(
                        EventType.COMMIT_PUSHED, e -> e.attributes().id().equals(eventId), WAIT)
                .data();
        assertThat(pushed.provider()).isEqualTo(CommitPushed.GitProvider.GITLAB);
        assertThat(pushed.deliveryId()).isEqualTo(key);
        assertThat(pushed.repository().fullName()).isEqualTo("mike/diaspora");
        assertThat(pushed.repository().cloneUrl()).isEqualTo("http://example.com/mike/diaspora.git");
        assertThat(pushed.refName()).isEqualTo("master");
        assertThat(pushed.after()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(pushed.totalCommits()).isEqualTo(4);
        assertThat(pushed.commitsTruncated()).isTrue();
        assertThat(pushed.pusher().name()).isEqualTo("jsmith");
        assertThat(publishedFor(key)).hasSize(1);
    }

    @Test
    void gitlabHooksFiredByOneRequestShareTheEventUuidAndAreEachPublished() {
        String sharedEventUuid = UUID.randomUUID().toString();
        String branchKey = UUID.randomUUID().toString();
        String tagKey = UUID.randomUUID().toString();
        gitlab("Push Hook", sample("gitlab/push.json"), branchKey, sharedEventUuid)
                .then()
                .statusCode(202);
        String tagEvent = gitlab("Tag Push Hook", sample("gitlab/tag-push.json"), tagKey, sharedEventUuid)
                .then()
                .statusCode(202)
                .extract()
                .path("eventIds[0]");

        CommitPushed tag = kafka.<CommitPushed>awaitEvent(
                        EventType.COMMIT_PUSHED, e -> e.attributes().id().equals(tagEvent), WAIT)
                .data();
        assertThat(tag.refType()).isEqualTo(CommitPushed.RefType.TAG);
        assertThat(tag.refName()).isEqualTo("v1.0.0");
        assertThat(tag.after()).isEqualTo("82b3d5ae55f7080f1e6022629cdb57bfae7cccc7");
        assertThat(publishedFor(branchKey)).hasSize(1);
        assertThat(publishedFor(tagKey)).hasSize(1);
    }

    @Test
    void gitlabBeforeIdempotencyKeysIsKeyedByTheBodyARetryRepeats() {
        // GitLab before 17.4 sends no Idempotency-Key: the body identifies the delivery, never the Event-UUID
        byte[] push = sample("gitlab/push.json");
        byte[] tag = sample("gitlab/tag-push.json");
        String request = UUID.randomUUID().toString();
        String pushDelivery = gitlab("Push Hook", push, null, request)
                .then()
                .statusCode(202)
                .body("deliveryId", startsWith("sha256-"))
                .extract()
                .path("deliveryId");
        gitlab("Push Hook", push, null, UUID.randomUUID().toString())
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"))
                .body("deliveryId", equalTo(pushDelivery));
        gitlab("Tag Push Hook", tag, null, request).then().statusCode(202);
        assertThat(publishedFor(pushDelivery)).hasSize(1);
    }

    // --- GitHub: the default content type, and repositories whose name starts with a dot

    @Test
    void githubFormEncodedDeliveriesAreSignedOverTheFormBodyAsGithubSignsThem() {
        byte[] json = sample("github/push-with-new-branch.json");
        byte[] form = ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        String delivery = UUID.randomUUID().toString();

        // signed over the JSON inside instead of the body as sent: not what GitHub signs
        github(delivery, form, Webhooks.hmac(SECRET, json), FORM)
                .then()
                .statusCode(401)
                .body("reason", equalTo("X-Hub-Signature-256 does not match the configured secret"));
        String eventId = github(delivery, form, Webhooks.hmac(SECRET, form), FORM)
                .then()
                .statusCode(202)
                .extract()
                .path("eventIds[0]");

        CommitPushed pushed = kafka.<CommitPushed>awaitEvent(
                        EventType.COMMIT_PUSHED, e -> e.attributes().id().equals(eventId), WAIT)
                .data();
        assertThat(pushed.provider()).isEqualTo(CommitPushed.GitProvider.GITHUB);
        assertThat(pushed.repository().fullName()).isEqualTo("Codertocat/Hello-World");
        assertThat(pushed.refName()).isEqualTo("master");
        assertThat(pushed.after()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        assertThat(pushed.commits()).hasSize(1);
        // the same push as JSON is the same delivery
        github(delivery, json, Webhooks.hmac(SECRET, json), "application/json")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));
    }

    @Test
    void aGithubFormWithoutOnePayloadFieldIsRefusedWithTheReason() {
        byte[] noPayload = "hook=1&zen=Keep+it+logically+awesome.".getBytes(StandardCharsets.US_ASCII);
        github(UUID.randomUUID().toString(), noPayload, Webhooks.hmac(SECRET, noPayload), FORM)
                .then()
                .statusCode(400)
                .body("reason", containsString("field payload, which is missing"));
        byte[] twice = "payload=%7B%7D&payload=%7B%7D".getBytes(StandardCharsets.US_ASCII);
        github(UUID.randomUUID().toString(), twice, Webhooks.hmac(SECRET, twice), FORM)
                .then()
                .statusCode(400)
                .body("reason", equalTo("the form field payload appears 2 times"));
    }

    // --- Gitea

    @Test
    void giteaPushesAreReadAsJsonAndTheirFormsAreRefused() {
        byte[] json = sample("gitea/push.json");
        String eventId = gitea(UUID.randomUUID().toString(), json, "application/json")
                .then()
                .statusCode(202)
                .extract()
                .path("eventIds[0]");
        CommitPushed pushed = kafka.<CommitPushed>awaitEvent(
                        EventType.COMMIT_PUSHED, e -> e.attributes().id().equals(eventId), WAIT)
                .data();
        assertThat(pushed.provider()).isEqualTo(CommitPushed.GitProvider.GITEA);
        assertThat(pushed.repository().fullName()).isEqualTo("gitea/webhooks");
        assertThat(pushed.refName()).isEqualTo("develop");
        assertThat(pushed.after()).isEqualTo("bffeb74224043ba2feb48d137756c8a9331c449a");
        assertThat(pushed.pusher().name()).isEqualTo("gitea");

        // Gitea signs the JSON inside its form, not the form it sends: the signature, checked first over the body as
        // sent, never matches, so Gitea's form deliveries are refused as unauthenticated
        String form = "payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        given().config(RestAssuredConfig.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType(FORM)
                .header("X-Gitea-Event", "push")
                .header("X-Gitea-Delivery", UUID.randomUUID().toString())
                .header("X-Gitea-Signature", Webhooks.hmac(SECRET, json))
                .body(form)
                .post("/webhooks/gitea")
                .then()
                .statusCode(401)
                .body("reason", equalTo("X-Gitea-Signature does not match the configured secret"));
    }

    @Test
    void aPushToAnOrganisationsDotGithubRepositoryIsPublished() {
        byte[] json = sample("github/push-dot-github-derived.json");
        String eventId = github(UUID.randomUUID().toString(), json, Webhooks.hmac(SECRET, json), "application/json")
                .then()
                .statusCode(202)
                .extract()
                .path("eventIds[0]");
        CommitPushed pushed = kafka.<CommitPushed>awaitEvent(
                        EventType.COMMIT_PUSHED, e -> e.attributes().id().equals(eventId), WAIT)
                .data();
        assertThat(pushed.repository().fullName()).isEqualTo("Codertocat/.github");
        assertThat(pushed.repository().cloneUrl()).isEqualTo("https://github.com/Codertocat/.github.git");
    }

    @Test
    void namesThatCouldReachAPathAreStillRefused() {
        for (String name : List.of("Codertocat/..", "Codertocat/.git", "Codertocat/.GIT", "Codertocat/x.git")) {
            String json = new String(sample("github/push-dot-github-derived.json"), StandardCharsets.UTF_8)
                    .replace("Codertocat/.github", name);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            github(UUID.randomUUID().toString(), body, Webhooks.hmac(SECRET, body), "application/json")
                    .then()
                    .statusCode(400)
                    .body("reason", equalTo("the payload names no valid repository"));
        }
    }

    // --- Docker Hub: the secret is in the URL

    @Test
    void dockerHubPushesAreAuthenticatedByTheUrlAndPublishedWithTheTagsDigest() {
        assumeTrue(DockerHubMirrorResource.registry() != null, "docker-registry is not installed");
        byte[] push = sample("docker-hub/push.json");
        // the tag is not in the registry yet: nothing to publish, and why
        dockerHub("/webhooks/dockerhub/" + DOCKER_HUB_SECRET, push)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"))
                .body("reason", equalTo("tag latest is not in svendowideit/testhook (deleted since?)"));

        OciRegistry registry = DockerHubMirrorResource.registry();
        registry.pushBaseImage("svendowideit/testhook");
        String digest = registry.get(
                        "/v2/svendowideit/testhook/manifests/latest",
                        "application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json")
                .headers()
                .firstValue("Docker-Content-Digest")
                .orElseThrow();
        String eventId = dockerHub("/webhooks/dockerhub/" + DOCKER_HUB_SECRET, push)
                .then()
                .statusCode(202)
                .body("eventIds", hasSize(1))
                .extract()
                .path("eventIds[0]");
        ImagePublished image = kafka.<ImagePublished>awaitEvent(
                        EventType.IMAGE_PUBLISHED, e -> e.attributes().id().equals(eventId), WAIT)
                .data();
        assertThat(image.imageRepository()).isEqualTo("docker.io/svendowideit/testhook");
        assertThat(image.tags()).containsExactly("latest");
        assertThat(image.digest()).isEqualTo(digest);
        assertThat(image.publishedAt()).isEqualTo(Instant.ofEpochSecond(1417566161));
        // Docker Hub's retry of the same push: published once
        dockerHub("/webhooks/dockerhub/" + DOCKER_HUB_SECRET, push)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));

        String wrong = DOCKER_HUB_SECRET.substring(0, DOCKER_HUB_SECRET.length() - 1) + "x";
        dockerHub("/webhooks/dockerhub/" + wrong, push)
                .then()
                .statusCode(401)
                .body("reason", equalTo("the URL's secret does not match"))
                .body(allOf(not(containsString(wrong)), not(containsString(DOCKER_HUB_SECRET))));
        dockerHub("/webhooks/dockerhub", push)
                .then()
                .statusCode(401)
                .body("reason", containsString("needs its secret"));

        String notAPush = "{\"repository\": {\"repo_name\": \"svendowideit/testhook\"}}";
        dockerHub("/webhooks/dockerhub/" + DOCKER_HUB_SECRET, notAPush.getBytes(StandardCharsets.UTF_8))
                .then()
                .statusCode(400)
                .body("reason", equalTo("missing field push_data.tag"));

        // the metrics name the route by its template, never by the path that was called
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("provider=\"dockerhub\""))
                .body(not(containsString(DOCKER_HUB_SECRET)))
                .body(not(containsString(wrong)));
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    private static Response registry(String contentType, byte[] body) {
        return given().contentType(contentType)
                .header("Authorization", "Bearer registry-token")
                .body(body)
                .post("/webhooks/registry");
    }

    private static Response gitlab(String event, byte[] body, String idempotencyKey, String eventUuid) {
        var request = given().contentType("application/json")
                .header("X-Gitlab-Event", event)
                .header("X-Gitlab-Event-UUID", eventUuid)
                .header("X-Gitlab-Webhook-UUID", "02affd2d-2cba-4033-917d-ec22d5dc4b38")
                .header("X-Gitlab-Instance", "https://gitlab.example.com")
                .header("X-Gitlab-Token", SECRET)
                .header("User-Agent", "GitLab/17.4.0");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body).post("/webhooks/gitlab");
    }

    private static Response github(String delivery, byte[] body, String signature, String contentType) {
        var request = given().config(RestAssuredConfig.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType(contentType)
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + signature)
                .header("User-Agent", "GitHub-Hookshot/044aadd");
        // REST Assured encodes form bodies itself and takes them only as text: a form body is ASCII, sent unchanged
        return (FORM.equals(contentType)
                        ? request.body(new String(body, StandardCharsets.US_ASCII))
                        : request.body(body))
                .post("/webhooks/github");
    }

    private static Response gitea(String delivery, byte[] body, String contentType) {
        return given().contentType(contentType)
                .header("X-Gitea-Event", "push")
                .header("X-Gitea-Delivery", delivery)
                .header("X-Gitea-Signature", Webhooks.hmac(SECRET, body))
                .body(body)
                .post("/webhooks/gitea");
    }

    private static Response dockerHub(String path, byte[] body) {
        return given().contentType("application/json").body(body).post(path);
    }

    /** A sample's bytes exactly as stored, so signatures and body keys are computed over what is sent. */
    static byte[] sample(String name) {
        try (InputStream in = ProviderSamplesIT.class.getResourceAsStream("/webhook-samples/" + name)) {
            assertThat(in).as("sample %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<CommitPushed> publishedFor(String delivery) {
        return kafka.readAll(Topics.COMMIT_PUSHED, r -> true).stream()
                .map(record -> KafkaTestClient.decode(EventType.COMMIT_PUSHED, record))
                .flatMap(Optional::stream)
                .map(EventEnvelope::data)
                .filter(push -> push.deliveryId().equals(delivery))
                .toList();
    }
}
