package io.gitopsflow.gateway.provider;

import static io.gitopsflow.gateway.provider.Fixtures.assertNoPayloadIn;
import static io.gitopsflow.gateway.provider.Fixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.ImagePublished;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryNotificationsTest {

    private static final Instant RECEIVED = Instant.parse("2025-06-16T12:00:03Z");
    private static final String INDEX = "sha256:91ab11c30567d3cc6a8a43098d7fda9bbcf70229b4abc37ac305e98649769630";
    private static final String HARBOR_DIGEST =
            "sha256:15d1bed48bf6b555d7ed4dff0d53145b68a83ea3f0f205714506ddc36566d430";
    /** The tagged index push in registry-push.json. */
    private static final int TAGGED = 2;

    private final RegistryNotifications notifications = new RegistryNotifications();

    @Test
    void keepsOnlyTheTaggedManifestPush() {
        List<ImagePublished> images = notifications.parse(load("registry-push.json"), RECEIVED);

        // blob push, push by digest, pull and delete are all skipped
        assertThat(images).hasSize(1);
        ImagePublished image = images.get(0);
        assertThat(image.imageRepository()).isEqualTo("registry.acme.example:5000/platform/orders");
        assertThat(image.tags()).containsExactly("1.8.2");
        assertThat(image.digest()).isEqualTo(INDEX);
        assertThat(image.origin()).isEqualTo(ImagePublished.Origin.REGISTRY);
        assertThat(image.source()).isNull();
        assertThat(image.buildId()).isNull();
        assertThat(image.durations()).isNull();
        assertThat(image.publishedAt()).isEqualTo(Instant.parse("2025-06-16T12:00:02.330175009Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/vnd.docker.distribution.manifest.v2+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.oci.image.index.v1+json",
                "application/vnd.oci.image.index.v1+json; charset=utf-8",
            })
    void acceptsEveryManifestAndIndexMediaType(String mediaType) {
        ObjectNode envelope = load("registry-push.json");
        target(envelope, TAGGED).put("mediaType", mediaType);
        assertThat(notifications.parse(envelope, RECEIVED)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/vnd.docker.distribution.manifest.v1+prettyjws",
                "application/vnd.oci.image.layer.v1.tar+gzip",
                "application/octet-stream",
            })
    void skipsOtherMediaTypes(String mediaType) {
        ObjectNode envelope = load("registry-push.json");
        target(envelope, TAGGED).put("mediaType", mediaType);
        assertThat(notifications.parse(envelope, RECEIVED)).isEmpty();
    }

    @Test
    void skipsAPushWithoutMediaType() {
        ObjectNode envelope = load("registry-push.json");
        target(envelope, TAGGED).remove("mediaType");
        assertThat(notifications.parse(envelope, RECEIVED)).isEmpty();
    }

    @Test
    void keepsEveryTaggedPushInOrder() {
        ObjectNode envelope = load("registry-push.json");
        ArrayNode events = (ArrayNode) envelope.get("events");
        ObjectNode second = events.get(TAGGED).deepCopy();
        ((ObjectNode) second.get("target")).put("tag", "latest");
        events.add(second);
        assertThat(notifications.parse(envelope, RECEIVED))
                .extracting(i -> i.tags().get(0))
                .containsExactly("1.8.2", "latest");
    }

    @Test
    void takesTheHostFromTheTargetUrlWhenTheRequestHasNone() {
        ObjectNode envelope = load("registry-push.json");
        ((ObjectNode) event(envelope, TAGGED)).remove("request");
        assertThat(notifications.parse(envelope, RECEIVED).get(0).imageRepository())
                .isEqualTo("registry.acme.example:5000/platform/orders");

        target(envelope, TAGGED).put("url", "https://cr.acme.example/v2/platform/orders/manifests/" + INDEX);
        assertThat(notifications.parse(envelope, RECEIVED).get(0).imageRepository())
                .isEqualTo("cr.acme.example/platform/orders");
    }

    @Test
    void usesTheReceivedTimeWhenTheEventHasNone() {
        ObjectNode envelope = load("registry-push.json");
        ((ObjectNode) event(envelope, TAGGED)).remove("timestamp");
        assertThat(notifications.parse(envelope, RECEIVED).get(0).publishedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void anEmptyEnvelopeAnnouncesNothing() {
        ObjectNode envelope = Fixtures.MAPPER.createObjectNode();
        envelope.putArray("events");
        assertThat(notifications.parse(envelope, RECEIVED)).isEmpty();
    }

    @Test
    void rejectsAnInvalidKeptEventNamingItsIndex() {
        ObjectNode badDigest = load("registry-push.json");
        target(badDigest, TAGGED).put("digest", "sha256:91AB11C3");
        assertInvalid(badDigest, "events[2]: invalid image reference", "sha256 digest must be 64 lower-case");

        ObjectNode upperCase = load("registry-push.json");
        target(upperCase, TAGGED).put("repository", "Platform/Orders");
        assertInvalid(upperCase, "events[2]: invalid image reference", "must be lowercase");

        ObjectNode badTag = load("registry-push.json");
        target(badTag, TAGGED).put("tag", "-rc1");
        assertInvalid(badTag, "events[2]: invalid image reference", "tag must start with");

        ObjectNode noDigest = load("registry-push.json");
        target(noDigest, TAGGED).remove("digest");
        assertInvalid(noDigest, "missing field events[2].target.digest", "");

        ObjectNode noRepository = load("registry-push.json");
        target(noRepository, TAGGED).remove("repository");
        assertInvalid(noRepository, "missing field events[2].target.repository", "");
    }

    @Test
    void rejectsAHostThatIsNoRegistryDomain() {
        // "registry" alone would be read by every client as a Docker Hub namespace, not as the registry.
        ObjectNode envelope = load("registry-push.json");
        ((ObjectNode) event(envelope, TAGGED).get("request")).put("host", "registry");
        assertInvalid(envelope, "events[2]: invalid image reference", "registry domain");

        ObjectNode path = load("registry-push.json");
        ((ObjectNode) event(path, TAGGED).get("request")).put("host", "evil.example/inject");
        assertInvalid(path, "events[2]: invalid image reference", "registry domain");
    }

    @Test
    void rejectsAKeptEventWithoutAnyHost() {
        ObjectNode envelope = load("registry-push.json");
        ((ObjectNode) event(envelope, TAGGED)).remove("request");
        target(envelope, TAGGED).remove("url");
        assertInvalid(envelope, "missing field events[2].request.host", "");

        target(envelope, TAGGED).put("url", "not a url");
        assertInvalid(
                envelope, "missing field events[2].request.host, and field events[2].target.url names no host", "");
    }

    @Test
    void doesNotValidateSkippedEvents() {
        ObjectNode envelope = load("registry-push.json");
        target(envelope, 3).put("digest", "garbage");
        target(envelope, 4).put("repository", "NOT/valid");
        assertThat(notifications.parse(envelope, RECEIVED)).hasSize(1);
    }

    @Test
    void rejectsAMalformedEnvelope() {
        assertInvalid(Fixtures.MAPPER.createObjectNode(), "missing field events", "");
        ObjectNode notArray = Fixtures.MAPPER.createObjectNode().put("events", "push");
        assertInvalid(notArray, "field events must be an array", "");
        ObjectNode notObject = Fixtures.MAPPER.createObjectNode();
        notObject.putArray("events").add(1);
        assertInvalid(notObject, "field events[0] must be an object", "");
        ObjectNode noAction = load("registry-push.json");
        ((ObjectNode) event(noAction, 1)).remove("action");
        assertInvalid(noAction, "missing field events[1].action", "");
        ObjectNode badTime = load("registry-push.json");
        ((ObjectNode) event(badTime, TAGGED)).put("timestamp", "Mon Jun 16 12:00:02 2025");
        assertInvalid(badTime, "field events[2].timestamp must be an ISO 8601 date-time", "");
        assertThatThrownBy(() -> notifications.parse(Fixtures.MAPPER.createArrayNode(), RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessage("body must be a JSON object");
    }

    @Test
    void parsesAHarborPush() {
        List<ImagePublished> images = notifications.parseHarbor(load("harbor-push.json"), RECEIVED);

        assertThat(images).hasSize(1);
        ImagePublished image = images.get(0);
        assertThat(image.imageRepository()).isEqualTo("harbor.acme.example/finance/billing");
        assertThat(image.tags()).containsExactly("3.1.0");
        assertThat(image.digest()).isEqualTo(HARBOR_DIGEST);
        assertThat(image.origin()).isEqualTo(ImagePublished.Origin.REGISTRY);
        assertThat(image.source()).isNull();
        assertThat(image.publishedAt()).isEqualTo(Instant.ofEpochSecond(1750075320));
    }

    @Test
    void skipsHarborPushesByDigestAndOtherEventTypes() {
        ObjectNode byDigest = load("harbor-push.json");
        resource(byDigest).put("tag", HARBOR_DIGEST);
        resource(byDigest).put("resource_url", "harbor.acme.example/finance/billing@" + HARBOR_DIGEST);
        assertThat(notifications.parseHarbor(byDigest, RECEIVED)).isEmpty();

        ObjectNode untagged = load("harbor-push.json");
        resource(untagged).remove("tag");
        assertThat(notifications.parseHarbor(untagged, RECEIVED)).isEmpty();

        ObjectNode pull = load("harbor-push.json");
        pull.put("type", "PULL_ARTIFACT");
        assertThat(notifications.parseHarbor(pull, RECEIVED)).isEmpty();
    }

    @Test
    void rejectsInvalidHarborPushes() {
        ObjectNode noRepository = load("harbor-push.json");
        ((ObjectNode) noRepository.get("event_data")).remove("repository");
        assertHarborInvalid(noRepository, "missing field event_data.repository.repo_full_name");

        ObjectNode noHost = load("harbor-push.json");
        resource(noHost).put("resource_url", "billing:3.1.0");
        assertHarborInvalid(noHost, "event_data.resources[0]: field resource_url must start with the registry host");

        ObjectNode badDigest = load("harbor-push.json");
        resource(badDigest).put("digest", "md5:abc");
        assertHarborInvalid(badDigest, "event_data.resources[0]: invalid image reference");

        ObjectNode noType = load("harbor-push.json");
        noType.remove("type");
        assertHarborInvalid(noType, "missing field type");
    }

    @Test
    void readsTheTagAndRepositoryOfADockerHubPush() {
        ObjectNode body = Fixtures.MAPPER.createObjectNode();
        body.putObject("push_data")
                .put("pushed_at", 1750075320)
                .put("pusher", "acmebot")
                .put("tag", "2.0.1");
        body.putObject("repository").put("repo_name", "acme/books-api").put("namespace", "acme");
        body.put("callback_url", "https://registry.hub.docker.com/u/acme/books-api/hook/2141b5bi5i5b02bec211i4eeih/");

        RegistryNotifications.DockerHubPush push = notifications.parseDockerHub(body, RECEIVED);
        assertThat(push.repository()).isEqualTo("acme/books-api");
        assertThat(push.tag()).isEqualTo("2.0.1");
        assertThat(push.pushedAt()).isEqualTo(Instant.ofEpochSecond(1750075320));
        assertThat(push.image("sha256:" + "a".repeat(64)).imageRepository()).isEqualTo("docker.io/acme/books-api");

        // an official image is named library/<name>, as Docker names it
        ((ObjectNode) body.get("repository")).put("repo_name", "nginx");
        assertThat(notifications.parseDockerHub(body, RECEIVED).repository()).isEqualTo("library/nginx");

        ((ObjectNode) body.get("push_data")).put("tag", "bad tag");
        assertThatThrownBy(() -> notifications.parseDockerHub(body, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class);
        ((ObjectNode) body.get("push_data")).remove("tag");
        assertThatThrownBy(() -> notifications.parseDockerHub(body, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessage("missing field push_data.tag");
    }

    private static JsonNode event(ObjectNode envelope, int index) {
        return envelope.get("events").get(index);
    }

    private static ObjectNode target(ObjectNode envelope, int index) {
        return (ObjectNode) event(envelope, index).get("target");
    }

    private static ObjectNode resource(ObjectNode harbor) {
        return (ObjectNode) harbor.get("event_data").get("resources").get(0);
    }

    private void assertInvalid(ObjectNode envelope, String expectedStart, String expectedReason) {
        assertThatThrownBy(() -> notifications.parse(envelope, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .satisfies(e -> assertNoPayloadIn(e.getMessage(), "buildkit", "ci-pusher", "10.42.3.17"))
                .hasMessageStartingWith(expectedStart)
                .hasMessageContaining(expectedReason);
    }

    private void assertHarborInvalid(ObjectNode body, String expectedStart) {
        assertThatThrownBy(() -> notifications.parseHarbor(body, RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .satisfies(e -> assertNoPayloadIn(e.getMessage(), "robot$billing", "private"))
                .hasMessageStartingWith(expectedStart);
    }
}
