package io.gitopsflow.buildworker.builder;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import com.google.cloud.tools.jib.registry.RegistryClient;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Gives an image that is built already more tags, without building it again: the manifest is read from the registry
 * by its digest and put back under each new tag, so every tag names the same digest; a multi-platform image's OCI image
 * index is copied the same way, its platforms' manifests are in the repository already (Jib's registry client does
 * the authentication, HTTPS and the insecure-registry fallback). A manifest Jib would not write back byte for byte
 * (one another tool built) is refused with {@link NotCopyableException} rather than tagged as a different digest. Where
 * images are written as OCI archives instead, each new tag's archive is a hard link to (or a copy of) an existing
 * tag's archive.
 */
@ApplicationScoped
public class ImageRetagger {

    private final boolean allowInsecureRegistries;
    private final Optional<JibImageBuilder.RegistryCredentials> credentials;
    private final Optional<Path> archives;

    /** The worker's retagger: the configured registry, its credentials, or the archives folder. */
    @Inject
    public ImageRetagger(BuildWorkerConfig config) {
        this(
                config.allowInsecureRegistries(),
                JibImageBuilder.RegistryCredentials.of(config),
                config.ociArchiveDirectory().map(Path::of));
    }

    /**
     * @param credentials sent to that registry host only
     * @param archives where images are OCI image archives ({@code <registry>/<repository>/<tag>.tar}); empty: a
     *     registry
     */
    public ImageRetagger(
            boolean allowInsecureRegistries,
            Optional<JibImageBuilder.RegistryCredentials> credentials,
            Optional<Path> archives) {
        this.allowInsecureRegistries = allowInsecureRegistries;
        this.credentials = credentials;
        this.archives = archives.map(folder -> folder.toAbsolutePath().normalize());
    }

    /**
     * Tags the image {@code repository@digest}, which has the tag {@code existingTag}, with every one of {@code tags}.
     *
     * @throws NotCopyableException when its manifest cannot be copied byte for byte
     * @throws ImageBuildException when the image is not there or the registry refuses
     */
    public PushedImage retag(String repository, String digest, String existingTag, List<String> tags) {
        try {
            if (archives.isPresent()) {
                linkArchives(repository, existingTag, tags);
            } else {
                copyManifest(repository, digest, tags);
            }
            return new PushedImage(repository, tags, digest);
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException("invalid image reference: " + e.getMessage(), e);
        } catch (IOException | RegistryException e) {
            throw new ImageBuildException(
                    "the registry refused to tag " + repository + "@" + digest + ": " + e.getMessage(), e);
        }
    }

    private void copyManifest(String repository, String digest, List<String> tags)
            throws InvalidImageReferenceException, IOException, RegistryException {
        try (RegistryConnection registry =
                RegistryConnection.toPush(ImageReference.parse(repository), allowInsecureRegistries, credentials)) {
            RegistryClient client = registry.client();
            ManifestTemplate manifest = client.pullManifest(digest).getManifest();
            // Jib writes the manifest back in its own field order: only where that gives the same bytes (images Jib
            // built) is the tag the same image
            String copied = sha256(JsonTemplateMapper.toUtf8String(manifest));
            if (!copied.equals(digest)) {
                throw new NotCopyableException("the manifest of " + repository + "@" + digest + " reads back as "
                        + copied + ": it cannot be copied byte for byte");
            }
            for (String tag : tags) {
                DescriptorDigest pushed = client.pushManifest(manifest, tag);
                if (!pushed.toString().equals(digest)) {
                    throw new ImageBuildException(
                            "the registry stored tag " + tag + " as " + pushed + ", not " + digest, null);
                }
            }
        }
    }

    private void linkArchives(String repository, String existingTag, List<String> tags)
            throws InvalidImageReferenceException, IOException {
        Path existing =
                JibImageBuilder.archiveOf(archives.orElseThrow(), ImageReference.parse(repository + ":" + existingTag));
        if (!Files.isRegularFile(existing)) {
            throw new ImageBuildException("the image archive " + existing + " is not there any more", null);
        }
        for (String tag : tags) {
            Path other =
                    JibImageBuilder.archiveOf(archives.orElseThrow(), ImageReference.parse(repository + ":" + tag));
            if (other.equals(existing)) {
                continue;
            }
            Files.deleteIfExists(other);
            try {
                Files.createLink(other, existing);
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                Files.copy(existing, other, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String sha256(String json) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image's manifest cannot be put under another tag unchanged: only a build can give the ref its tags. */
    public static final class NotCopyableException extends ImageBuildException {

        NotCopyableException(String message) {
            super(message, null, false);
        }
    }
}
