package io.gitopsflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GitHub Container Registry's {@code package} and {@code registry_package} webhooks, fed with GitHub's examples and a
 * captured delivery (webhook-samples/ghcr, see SOURCE) through /webhooks/github, against the real Kafka broker and
 * PostgreSQL.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "event_gateway"))
class GhcrWebhooksIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** theryangeary/www has no secret of its own in the test profile: the default one signs it. */
    private static final String DEFAULT_SECRET = "test-default-secret";

    private static final String DIGEST = "sha256:89160c587d0c36bf54090497a465445c14980ba48efbcf3b0d03c49b76f3feb8";

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aPublishedTaggedContainerIsAnImageWithItsDigestOnceWhicheverEventAnnouncesIt() {
        byte[] body = BitbucketWebhooksIT.sample("ghcr/package-published-tagged.json");
        String delivery = UUID.randomUUID().toString();

        String eventId = Webhooks.sendGithub("package", delivery, body, DEFAULT_SECRET)
                .then()
                .statusCode(202)
                .body("outcome", equalTo("accepted"))
                .body("eventIds", hasSize(1))
                .extract()
                .path("eventIds[0]");

        EventEnvelope<ImagePublished> event = kafka.awaitEvent(
                EventType.IMAGE_PUBLISHED, e -> e.attributes().id().equals(eventId), WAIT);
        ImagePublished image = event.data();
        assertThat(image.imageRepository()).isEqualTo("ghcr.io/theryangeary/www");
        assertThat(image.tags()).containsExactly("0e2a89b");
        assertThat(image.digest()).isEqualTo(DIGEST);
        assertThat(image.origin()).isEqualTo(ImagePublished.Origin.REGISTRY);
        assertThat(image.source()).isNull();

        // GitHub's redelivery, and the registry_package event GitHub sends for the same push: the same image
        Webhooks.sendGithub("package", delivery, body, DEFAULT_SECRET)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));
        Webhooks.sendGithub("registry_package", UUID.randomUUID().toString(), body, DEFAULT_SECRET)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));
        assertThat(kafka.readAll(
                        io.gitopsflow.events.Topics.IMAGE_PUBLISHED,
                        record -> KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, record)
                                .map(e -> e.data().digest().equals(DIGEST))
                                .orElse(false)))
                .hasSize(1);
    }

    @Test
    void aPackageEventWithABadOrMissingSignatureIsRefused() {
        byte[] body = BitbucketWebhooksIT.sample("ghcr/package-published-tagged.json");

        Webhooks.sendGithub("package", UUID.randomUUID().toString(), body, "not-the-secret")
                .then()
                .statusCode(401)
                .body("reason", equalTo("X-Hub-Signature-256 does not match the configured secret"));
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .header("X-GitHub-Event", "package")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .body(body)
                .post("/webhooks/github")
                .then()
                .statusCode(401)
                .body("reason", equalTo("missing X-Hub-Signature-256 header"));
    }

    @Test
    void githubsOwnExamplesAreIgnoredWithTheReason() {
        // package_type "npm" (ecosystem docker) and an untagged version: Kargo refreshes nothing for either
        for (String sample :
                new String[] {"package-published-untagged.json", "registry-package-published-untagged.json"}) {
            String event = sample.startsWith("registry") ? "registry_package" : "package";
            byte[] body = BitbucketWebhooksIT.sample("ghcr/" + sample);
            Webhooks.sendGithub(event, UUID.randomUUID().toString(), body, DEFAULT_SECRET)
                    .then()
                    .statusCode(200)
                    .body("outcome", equalTo("ignored"))
                    .body("reason", equalTo("package type \"npm\" is not a container image (CONTAINER or docker)"));
        }
    }

    @Test
    void anUntaggedContainerVersionIsIgnored() throws IOException {
        ObjectNode payload = realPayload();
        ((ObjectNode) payload.at("/package/package_version/container_metadata/tag")).put("name", "");

        Webhooks.sendGithub("package", UUID.randomUUID().toString(), Webhooks.bytes(payload), DEFAULT_SECRET)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"))
                .body("reason", containsString("no tag"));
    }

    @Test
    void anImageOutsideGhcrOrAnInvalidDigestIsRefused() throws IOException {
        ObjectNode elsewhere = realPayload();
        ((ObjectNode) elsewhere.at("/package/package_version")).put("package_url", "evil.example.com/acme/www:0e2a89b");
        ObjectNode noDigest = realPayload();
        ((ObjectNode) noDigest.at("/package/package_version")).put("version", "latest");
        ((ObjectNode) noDigest.at("/package/package_version/container_metadata/tag")).put("digest", "sha256:abc123");
        ObjectNode badTag = realPayload();
        ((ObjectNode) badTag.at("/package/package_version/container_metadata/tag")).put("name", "-bad tag");

        Webhooks.sendGithub("package", UUID.randomUUID().toString(), Webhooks.bytes(elsewhere), DEFAULT_SECRET)
                .then()
                .statusCode(400)
                .body("reason", containsString("must name an image on ghcr.io"));
        Webhooks.sendGithub("package", UUID.randomUUID().toString(), Webhooks.bytes(noDigest), DEFAULT_SECRET)
                .then()
                .statusCode(400)
                .body("reason", containsString("hold no sha256 digest"));
        Webhooks.sendGithub("package", UUID.randomUUID().toString(), Webhooks.bytes(badTag), DEFAULT_SECRET)
                .then()
                .statusCode(400);
    }

    @Test
    void anActionOtherThanPublishedIsIgnored() throws IOException {
        ObjectNode payload = realPayload();
        payload.put("action", "updated");

        Webhooks.sendGithub("package", UUID.randomUUID().toString(), Webhooks.bytes(payload), DEFAULT_SECRET)
                .then()
                .statusCode(200)
                .body("reason", equalTo("package action \"updated\" is not handled (only published)"));
    }

    /** The captured delivery, to vary one field. */
    private static ObjectNode realPayload() throws IOException {
        return (ObjectNode) Webhooks.JSON.readTree(BitbucketWebhooksIT.sample("ghcr/package-published-tagged.json"));
    }
}
