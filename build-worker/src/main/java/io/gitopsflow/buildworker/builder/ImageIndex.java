package io.gitopsflow.buildworker.builder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import com.google.cloud.tools.jib.hash.Digests;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ContainerConfigurationTemplate;
import com.google.cloud.tools.jib.image.json.ManifestListTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.image.json.OciIndexTemplate;
import com.google.cloud.tools.jib.image.json.OciManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import com.google.cloud.tools.jib.registry.RegistryClient;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.buildworker.spec.Platform;
import io.gitopsflow.events.validation.InvalidNameException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The registry side of a multi-platform image. Jib core builds one image per platform, but for several platforms it
 * pushes only a Docker manifest list (its {@code ManifestListGenerator} refuses the OCI format), so the OCI image index
 * ({@value OciIndexTemplate#MEDIA_TYPE}) over the platforms' OCI manifests is put together and pushed here. Before any
 * of it, the base image is checked to offer every platform, so a missing one fails the build before anything is
 * pushed.
 */
final class ImageIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean allowInsecureRegistries;
    private final Optional<JibImageBuilder.RegistryCredentials> credentials;

    /** One platform's image, pushed by Jib in the OCI format: its manifest's digest. */
    record PlatformImage(Platform platform, DescriptorDigest manifest) {}

    ImageIndex(boolean allowInsecureRegistries, Optional<JibImageBuilder.RegistryCredentials> credentials) {
        this.allowInsecureRegistries = allowInsecureRegistries;
        this.credentials = credentials;
    }

    /**
     * Refuses what the jib builder cannot build: a platform variant (Jib picks base images by os and architecture
     * only), or several platforms where each image is written to an archive of one image.
     *
     * @throws InvalidBuildSpecException naming the platform
     */
    static void requireBuildable(List<Platform> platforms, boolean toArchives) {
        for (Platform platform : platforms) {
            if (platform.variant() != null) {
                throw new InvalidBuildSpecException("the jib builder cannot build " + platform
                        + ": Jib picks base images by os and architecture only; write " + platform.os() + "/"
                        + platform.architecture());
            }
        }
        if (platforms.size() > 1 && toArchives) {
            throw new InvalidBuildSpecException("this worker writes OCI image archives of one image each: it builds"
                    + " one platform, not " + platforms);
        }
    }

    /**
     * Checks that {@code baseImage} offers an image for each of {@code platforms}: its index (or Docker manifest list)
     * lists it, or, for a single image, its configuration names that os and architecture.
     *
     * @throws ImageBuildException at step {@code build} naming the first platform it lacks
     */
    void requirePlatforms(String baseImage, List<Platform> platforms)
            throws InvalidImageReferenceException, IOException, RegistryException {
        ImageReference base = ImageReference.parse(baseImage);
        try (RegistryConnection registry = RegistryConnection.toPull(base, allowInsecureRegistries, credentials)) {
            RegistryClient client = registry.client();
            ManifestTemplate manifest = client.pullManifest(base.getQualifier()).getManifest();
            if (manifest instanceof ManifestListTemplate list) {
                for (Platform platform : platforms) {
                    if (list.getDigestsForPlatform(platform.architecture(), platform.os())
                            .isEmpty()) {
                        throw missing(baseImage, platform, "its image index lists no " + platform + " image");
                    }
                }
                return;
            }
            if (!(manifest instanceof BuildableManifestTemplate image)) {
                throw missing(baseImage, platforms.get(0), "its old schema 1 manifest names no platform");
            }
            ContainerConfigurationTemplate config = configOf(client, image);
            for (Platform platform : platforms) {
                if (!platform.os().equals(config.getOs())
                        || !platform.architecture().equals(config.getArchitecture())) {
                    throw missing(
                            baseImage,
                            platform,
                            "it is a single "
                                    + InvalidNameException.quote(config.getOs() + "/" + config.getArchitecture())
                                    + " image, not an image index");
                }
            }
        }
    }

    private static ImageBuildException missing(String baseImage, Platform platform, String why) {
        return ImageBuildException.atStep(
                "build",
                "the base image " + baseImage + " has no " + platform + " image (" + why + "): build.yaml's"
                        + " platforms need a base image for each platform");
    }

    private static ContainerConfigurationTemplate configOf(RegistryClient client, BuildableManifestTemplate manifest)
            throws IOException {
        ByteArrayOutputStream config = new ByteArrayOutputStream();
        client.pullBlob(manifest.getContainerConfiguration().getDigest(), size -> {}, bytes -> {})
                .writeTo(config);
        return JsonTemplateMapper.readJson(config.toByteArray(), ContainerConfigurationTemplate.class);
    }

    /**
     * Pushes the OCI image index of {@code images} (each pushed to {@code repository} already) under every tag.
     *
     * @return the index's digest, the image's digest from now on
     * @throws ImageBuildException when the registry stores a tag as another digest
     */
    String push(String repository, List<PlatformImage> images, List<String> tags)
            throws InvalidImageReferenceException, IOException, RegistryException {
        try (RegistryConnection registry =
                RegistryConnection.toPush(ImageReference.parse(repository), allowInsecureRegistries, credentials)) {
            RegistryClient client = registry.client();
            ObjectNode index =
                    JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciIndexTemplate.MEDIA_TYPE);
            ArrayNode manifests = index.putArray("manifests");
            for (PlatformImage image : images) {
                BlobDescriptor manifest = descriptorOf(client, image.manifest());
                manifests
                        .addObject()
                        .put("mediaType", OciManifestTemplate.MANIFEST_MEDIA_TYPE)
                        .put("digest", manifest.getDigest().toString())
                        .put("size", manifest.getSize())
                        .putObject("platform")
                        .put("architecture", image.platform().architecture())
                        .put("os", image.platform().os());
            }
            // read into Jib's template so that Jib writes it, as it writes every manifest it pushes: the retagger can
            // then copy it byte for byte
            OciIndexTemplate template =
                    JsonTemplateMapper.readJson(JSON.writeValueAsString(index), OciIndexTemplate.class);
            String digest = Digests.computeDigest(template).getDigest().toString();
            for (String tag : tags) {
                DescriptorDigest pushed = client.pushManifest(template, tag);
                if (!pushed.toString().equals(digest)) {
                    throw new ImageBuildException(
                            "the registry stored tag " + tag + " as " + pushed + ", not " + digest, null);
                }
            }
            return digest;
        }
    }

    /** The size and digest of the manifest Jib pushed as {@code digest}, read back from the registry. */
    private static BlobDescriptor descriptorOf(RegistryClient client, DescriptorDigest digest)
            throws IOException, RegistryException {
        ManifestTemplate manifest = client.pullManifest(digest.toString(), OciManifestTemplate.class)
                .getManifest();
        BlobDescriptor descriptor = Digests.computeDigest(manifest);
        if (!descriptor.getDigest().equals(digest)) {
            throw new ImageBuildException(
                    "the manifest " + digest + " reads back as " + descriptor.getDigest() + ": its size is unknown",
                    null);
        }
        return descriptor;
    }
}
