package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.validation.ImageReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * GitHub's {@code package} and {@code registry_package} webhooks: a tagged container version published to the
 * GitHub Container Registry is an {@code image-published}, like a registry's push notification. GitHub sends these
 * from the repository the package is connected to, signed like its pushes.
 */
@ApplicationScoped
public class GitHubPackages {

    /** The GitHub Container Registry; {@code package_url} names an image there. */
    static final String GHCR = "ghcr.io";

    /** A container version's name is its manifest digest; GitHub's own example has a 40-hex one elsewhere. */
    private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * What a package event announces: the image, or why it announces none.
     *
     * @param image the published image, or null
     * @param ignoredReason why nothing is published, or null
     */
    public record Announcement(ImagePublished image, String ignoredReason) {

        static Announcement ignored(String reason) {
            return new Announcement(null, reason);
        }
    }

    /**
     * Reads a {@code package} or {@code registry_package} event body.
     *
     * @throws InvalidWebhookException when a published, tagged container version names no valid image or digest
     */
    public Announcement parse(JsonNode body, Instant receivedAt) {
        Json.requireObject(body);
        String action = Json.requiredText(body, "action");
        if (!"published".equals(action)) {
            return Announcement.ignored("package action " + Json.quote(action) + " is not handled (only published)");
        }
        String field = Json.isAbsent(body.path("registry_package")) ? "package" : "registry_package";
        String type = Json.optionalText(body, field + ".package_type");
        if (type == null || !isContainer(type)) {
            return Announcement.ignored("package type " + (type == null ? "(none)" : Json.quote(type))
                    + " is not a container image (CONTAINER or docker)");
        }
        String version = field + ".package_version";
        String tag = Json.optionalText(body, version + ".container_metadata.tag.name");
        if (tag == null) {
            return Announcement.ignored("the version has no tag (pushed by digest): nothing a Warehouse can match");
        }
        String digest = digest(body, version);
        String repository = repository(Json.requiredText(body, version + ".package_url"), field);
        try {
            var reference = new ImageReference(GHCR, repository, tag, digest);
            return new Announcement(
                    new ImagePublished(
                            reference.repository(),
                            List.of(tag),
                            digest,
                            null,
                            null,
                            ImagePublished.Origin.REGISTRY,
                            receivedAt,
                            null),
                    null);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(field + ": " + e.getMessage(), e);
        }
    }

    private static boolean isContainer(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.equals("container") || lower.equals("docker");
    }

    /** The version's name ({@code sha256:...}), else the tag's digest; either must be a sha256 digest. */
    private static String digest(JsonNode body, String version) {
        String name = Json.optionalText(body, version + ".version");
        if (name != null && SHA256_DIGEST.matcher(name).matches()) {
            return name;
        }
        String tagged = Json.optionalText(body, version + ".container_metadata.tag.digest");
        if (tagged != null && SHA256_DIGEST.matcher(tagged).matches()) {
            return tagged;
        }
        throw new InvalidWebhookException("fields " + version + ".version and " + version
                + ".container_metadata.tag.digest hold no sha256 digest (sha256: and 64 hexadecimal characters)");
    }

    /**
     * The image path of {@code ghcr.io/<owner>/<name>[:<tag>]}, in lower case as the registry serves it; GitHub has
     * been seen to end it with a bare ':' (Kargo trims it too).
     */
    private static String repository(String packageUrl, String field) {
        String url = packageUrl;
        int lastSlash = url.lastIndexOf('/');
        int colon = url.indexOf(':', Math.max(lastSlash, 0));
        if (colon >= 0) {
            url = url.substring(0, colon);
        }
        if (!url.startsWith(GHCR + "/")) {
            throw new InvalidWebhookException("field " + field + ".package_version.package_url must name an image on "
                    + GHCR + ", not " + Json.quote(packageUrl));
        }
        return url.substring(GHCR.length() + 1).toLowerCase(Locale.ROOT);
    }
}
