package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.validation.ImageReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns registry push notifications (CNCF distribution, Harbor) into {@code image-published} records: only a tagged
 * manifest push names an image a Warehouse can pick up.
 */
@ApplicationScoped
public class RegistryNotifications {

    /** Manifests and indexes; v1 schema manifests are left out, registries no longer accept them. */
    static final Set<String> MANIFEST_MEDIA_TYPES = Set.of(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");

    /** Where Docker Hub's images are named from: {@code docker.io/<namespace>/<name>}. */
    public static final String DOCKER_HUB = "docker.io";

    /**
     * The images announced by a CNCF distribution notification envelope {@code {"events": [...]}}, in order. Pulls,
     * deletes, blob pushes and pushes by digest only are skipped.
     *
     * @throws InvalidWebhookException when the envelope or a kept event is malformed; the message names the event
     *     index
     */
    public List<ImagePublished> parse(JsonNode envelope, Instant receivedAt) {
        Json.requireObject(envelope);
        JsonNode events = envelope.path("events");
        if (Json.isAbsent(events)) {
            throw new InvalidWebhookException("missing field events");
        }
        List<JsonNode> entries = Json.array(envelope, "", "events");
        List<ImagePublished> images = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "events[" + i + "]";
            JsonNode event = entries.get(i);
            if (!event.isObject()) {
                throw new InvalidWebhookException("field " + where + " must be an object");
            }
            if (!"push".equals(Json.requiredText(event, where, "action"))
                    || !isManifest(Json.optionalText(event, where, "target.mediaType"))) {
                continue;
            }
            String tag = Json.optionalText(event, where, "target.tag");
            if (tag == null) {
                // A push by digest: a platform manifest of an index, or an untagged push; nothing to match a tag on.
                continue;
            }
            String repository = Json.requiredText(event, where, "target.repository");
            String digest = Json.requiredText(event, where, "target.digest");
            Instant timestamp = Json.optionalInstant(event, where, "timestamp");
            images.add(image(
                    where,
                    registryHost(event, where),
                    repository,
                    tag,
                    digest,
                    timestamp != null ? timestamp : receivedAt));
        }
        return images;
    }

    /**
     * The images of a Harbor {@code PUSH_ARTIFACT} webhook, one per tagged resource; other event types give an empty
     * list.
     */
    public List<ImagePublished> parseHarbor(JsonNode body, Instant receivedAt) {
        Json.requireObject(body);
        if (!"PUSH_ARTIFACT".equals(Json.requiredText(body, "type"))) {
            return List.of();
        }
        String repository = Json.requiredText(body, "event_data.repository.repo_full_name");
        Instant occurredAt = Json.optionalInstant(body, "occur_at");
        List<JsonNode> resources = Json.array(body, "", "event_data.resources");
        List<ImagePublished> images = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            String where = "event_data.resources[" + i + "]";
            JsonNode resource = resources.get(i);
            String tag = Json.optionalText(resource, where, "tag");
            if (tag == null || tag.contains(":")) {
                // Harbor puts the digest in "tag" when an artifact was pushed by digest only.
                continue;
            }
            String digest = Json.requiredText(resource, where, "digest");
            String resourceUrl = Json.requiredText(resource, where, "resource_url");
            int slash = resourceUrl.indexOf('/');
            if (slash <= 0) {
                throw new InvalidWebhookException(
                        where + ": field resource_url must start with the registry host, e.g. harbor.example.com/");
            }
            images.add(image(
                    where,
                    resourceUrl.substring(0, slash),
                    repository,
                    tag,
                    digest,
                    occurredAt != null ? occurredAt : receivedAt));
        }
        return images;
    }

    /**
     * A Docker Hub push webhook ({@code push_data.tag}, {@code repository.repo_name}, {@code push_data.pushed_at}).
     * It names no digest: the caller looks the tag up in the registry before anything is published.
     *
     * @throws InvalidWebhookException when a field is missing or not a valid repository or tag
     */
    public DockerHubPush parseDockerHub(JsonNode body, Instant receivedAt) {
        Json.requireObject(body);
        String tag = Json.requiredText(body, "push_data.tag");
        String repository = Json.requiredText(body, "repository.repo_name");
        if (!repository.contains("/")) {
            repository = "library/" + repository; // an official image, as Docker names it
        }
        try {
            ImageReference.requireRepository(DOCKER_HUB + "/" + repository);
            ImageReference.requireTag(tag);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(e.getMessage(), e);
        }
        JsonNode pushedAt = body.path("push_data").path("pushed_at");
        Instant at = pushedAt.canConvertToLong() && pushedAt.asLong() > 0
                ? Instant.ofEpochSecond(pushedAt.asLong())
                : receivedAt;
        return new DockerHubPush(repository, tag, at);
    }

    /**
     * A tag pushed to Docker Hub.
     *
     * @param repository the repository on Docker Hub, e.g. {@code acme/books-api} ({@code library/...} for official
     *     images)
     * @param tag the tag pushed
     * @param pushedAt when it was pushed
     */
    public record DockerHubPush(String repository, String tag, Instant pushedAt) {

        /** The event for the digest the tag points at. */
        public ImagePublished image(String digest) {
            return new ImagePublished(
                    DOCKER_HUB + "/" + repository,
                    List.of(tag),
                    digest,
                    null,
                    null,
                    ImagePublished.Origin.REGISTRY,
                    pushedAt,
                    null);
        }
    }

    private static boolean isManifest(String mediaType) {
        if (mediaType == null) {
            return false;
        }
        int parameters = mediaType.indexOf(';');
        String bare = parameters < 0 ? mediaType : mediaType.substring(0, parameters);
        return MANIFEST_MEDIA_TYPES.contains(bare.strip().toLowerCase(Locale.ROOT));
    }

    /** {@code request.host}, the name clients pushed to; else the host of {@code target.url}. */
    private static String registryHost(JsonNode event, String where) {
        String host = Json.optionalText(event, where, "request.host");
        if (host != null) {
            return host;
        }
        String url = Json.optionalText(event, where, "target.url");
        if (url == null) {
            throw new InvalidWebhookException("missing field " + where + ".request.host");
        }
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null) {
                return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            }
        } catch (IllegalArgumentException notAUri) {
            // reported below without the value
        }
        throw new InvalidWebhookException(
                "missing field " + where + ".request.host, and field " + where + ".target.url names no host");
    }

    private static ImagePublished image(
            String where, String host, String repository, String tag, String digest, Instant publishedAt) {
        try {
            // The host is checked as a registry domain on its own, so it cannot pass as the first path component.
            var reference = new ImageReference(host, repository, tag, digest);
            return new ImagePublished(
                    reference.repository(),
                    List.of(tag),
                    digest,
                    null,
                    null,
                    ImagePublished.Origin.REGISTRY,
                    publishedAt,
                    null);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(where + ": " + e.getMessage(), e);
        }
    }
}
