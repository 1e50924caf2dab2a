package io.gitopsflow.buildworker.builder;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.Ports;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.buildworker.config.OwnerOnlyFolders;
import io.gitopsflow.buildworker.dockerfile.DockerfileParser;
import io.gitopsflow.buildworker.dockerfile.DockerfilePlan;
import io.gitopsflow.buildworker.spec.BuildSpec;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.buildworker.spec.Platform;
import io.gitopsflow.events.validation.RepositoryPaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Builds and pushes an image from a {@link DockerfilePlan} with Jib: daemonless, in-process, on top of the FROM image,
 * one layer for the COPY/ADD steps. Files get a fixed modification time so the same commit gives the same digest. For
 * several platforms it builds one OCI image per platform and pushes their OCI image index ({@link ImageIndex}).
 */
@ApplicationScoped
public class JibImageBuilder implements ImageBuilder {

    /** build.yaml's {@code builder: jib}, the default. */
    public static final String NAME = "jib";

    /** Files in the image carry this time, as Jib's reproducible default does. */
    private static final Instant FILE_TIME = Instant.ofEpochSecond(1);

    private final Path cache;
    private final boolean allowInsecureRegistries;
    private final Optional<RegistryCredentials> credentials;
    private final Optional<Path> archives;
    private final ImageIndex index;

    /** A user and password (or token) for the images of one registry host; the password is never logged. */
    public record RegistryCredentials(String host, String username, String password) {

        @Override
        public String toString() {
            return "RegistryCredentials[" + host + ", " + username + ", ***]";
        }

        /** The configured credentials for the configured registry, when a user name is set. */
        public static Optional<RegistryCredentials> of(BuildWorkerConfig config) {
            return config.registryUsername()
                    .map(user -> new RegistryCredentials(
                            config.registry(), user, config.registryPassword().orElse("")));
        }
    }

    /** The worker's builder: layer caches under the cache directory, the configured registry and archives. */
    @Inject
    public JibImageBuilder(BuildWorkerConfig config) {
        this(
                OwnerOnlyFolders.cache(config, "jib"),
                config.allowInsecureRegistries(),
                RegistryCredentials.of(config),
                config.ociArchiveDirectory().map(Path::of));
    }

    /**
     * @param cache where Jib keeps base and application layers between builds
     * @param allowInsecureRegistries push and pull over plain HTTP where HTTPS is not offered (local registries)
     */
    public JibImageBuilder(Path cache, boolean allowInsecureRegistries) {
        this(cache, allowInsecureRegistries, Optional.empty());
    }

    /**
     * @param credentials sent to that registry host when pulling the FROM image and pushing; Jib sends them over plain
     *     HTTP only with the JVM property {@code sendCredentialsOverHttp=true}
     */
    public JibImageBuilder(Path cache, boolean allowInsecureRegistries, Optional<RegistryCredentials> credentials) {
        this(cache, allowInsecureRegistries, credentials, Optional.empty());
    }

    /**
     * @param archives where images are written as OCI image archives instead of being pushed ({@code
     *     <registry>/<repository>/<tag>.tar}, one per tag); empty: push
     */
    public JibImageBuilder(
            Path cache,
            boolean allowInsecureRegistries,
            Optional<RegistryCredentials> credentials,
            Optional<Path> archives) {
        this.cache = cache;
        this.allowInsecureRegistries = allowInsecureRegistries;
        this.credentials = credentials;
        this.archives = archives.map(folder -> folder.toAbsolutePath().normalize());
        this.index = new ImageIndex(allowInsecureRegistries, credentials);
    }

    private RegistryImage withCredentials(String reference) throws InvalidImageReferenceException {
        ImageReference parsed = ImageReference.parse(reference);
        RegistryImage image = RegistryImage.named(parsed);
        credentials
                .filter(c -> parsed.getRegistry().equals(c.host()))
                .ifPresent(c -> image.addCredential(c.username(), c.password()));
        return image;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Jib builds and pushes in one pass, and what fails in it is mostly the registry's answer. */
    @Override
    public String failedStep() {
        return "push";
    }

    /**
     * Translates the request's Dockerfile into a plan and builds it.
     *
     * @throws io.gitopsflow.buildworker.dockerfile.UnsupportedDockerfileException when the Dockerfile needs what Jib cannot
     *     do (RUN, several stages)
     */
    @Override
    public PushedImage build(BuildRequest request) {
        BuildSpec spec = request.spec();
        String dockerfile;
        try {
            dockerfile = Files.readString(spec.dockerfileIn(request.checkout()));
        } catch (IOException e) {
            throw new InvalidBuildSpecException("cannot read the Dockerfile " + spec.dockerfile(), e);
        }
        DockerfilePlan plan = DockerfileParser.parse(dockerfile, spec.buildArgs());
        return build(
                plan, spec.contextIn(request.checkout()), spec.imageRepository(), request.tags(), spec.platforms());
    }

    /** {@link #build(DockerfilePlan, Path, String, List, List)} for the default platform. */
    public PushedImage build(DockerfilePlan plan, Path context, String repository, List<String> tags) {
        return build(plan, context, repository, tags, List.of());
    }

    /**
     * Builds the plan with files from {@code context} and pushes it as {@code repository} with every tag.
     *
     * @param platforms the platforms build.yaml names: none, one (one image for it), or several (an OCI image index)
     * @throws ImageBuildException when a file is missing or escapes the context, the base image lacks a platform, or
     *     the registry refuses
     * @throws InvalidBuildSpecException when a platform has a variant, or several are to go into an archive
     */
    public PushedImage build(
            DockerfilePlan plan, Path context, String repository, List<String> tags, List<Platform> platforms) {
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("at least one tag is needed");
        }
        ImageIndex.requireBuildable(platforms, archives.isPresent());
        try {
            if (!platforms.isEmpty() && !"scratch".equals(plan.baseImage())) {
                index.requirePlatforms(plan.baseImage(), platforms);
            }
            if (platforms.size() > 1) {
                return pushPlatforms(plan, context, repository, tags, platforms);
            }
            JibContainerBuilder image =
                    imageOf(plan, context, platforms.isEmpty() ? Platform.DEFAULT : platforms.get(0));
            if (archives.isPresent()) {
                return writeArchives(image, repository, tags);
            }
            Containerizer target = configured(Containerizer.to(withCredentials(repository + ":" + tags.get(0))));
            tags.stream().skip(1).forEach(target::withAdditionalTag);
            JibContainer pushed = image.containerize(target);
            return new PushedImage(repository, tags, pushed.getDigest().toString());
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException("invalid image reference: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ImageBuildException("the registry refused the build: " + cause.getMessage(), cause);
        } catch (com.google.cloud.tools.jib.api.RegistryUnauthorizedException e) {
            throw new ImageBuildException(
                    "the registry refused the credentials (unauthorized): " + e.getMessage()
                            + "; check gitops-flow.build.registry-username and registry-password",
                    e,
                    false);
        } catch (IOException
                | com.google.cloud.tools.jib.api.CacheDirectoryCreationException
                | com.google.cloud.tools.jib.api.RegistryException e) {
            throw new ImageBuildException("the build failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("the build was interrupted", e);
        }
    }

    /**
     * Builds one OCI image per platform, each pushed under the first tag in turn (Jib pushes an image under a tag),
     * and then their OCI image index under every tag: the first tag ends on the index like the others.
     */
    private PushedImage pushPlatforms(
            DockerfilePlan plan, Path context, String repository, List<String> tags, List<Platform> platforms)
            throws InvalidImageReferenceException, IOException, InterruptedException, ExecutionException,
                    com.google.cloud.tools.jib.api.CacheDirectoryCreationException,
                    com.google.cloud.tools.jib.api.RegistryException {
        List<ImageIndex.PlatformImage> images = new ArrayList<>();
        for (Platform platform : platforms) {
            JibContainer pushed = imageOf(plan, context, platform)
                    .setFormat(ImageFormat.OCI)
                    .containerize(configured(Containerizer.to(withCredentials(repository + ":" + tags.get(0)))));
            images.add(new ImageIndex.PlatformImage(platform, pushed.getDigest()));
        }
        return new PushedImage(repository, tags, index.push(repository, images, tags));
    }

    /** The image the plan describes for {@code platform}, on its FROM image, with one layer for the COPY/ADD steps. */
    private JibContainerBuilder imageOf(DockerfilePlan plan, Path context, Platform platform)
            throws InvalidImageReferenceException, IOException {
        JibContainerBuilder image =
                "scratch".equals(plan.baseImage()) ? Jib.fromScratch() : Jib.from(withCredentials(plan.baseImage()));
        image.setPlatforms(
                Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform(platform.architecture(), platform.os())));
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
        boolean anyFile = false;
        for (DockerfilePlan.Copy copy : plan.copies()) {
            anyFile |= addCopy(layer, copy, context);
        }
        if (anyFile) {
            image.addFileEntriesLayer(layer.build());
        }
        plan.env().forEach(image::addEnvironmentVariable);
        plan.labels().forEach(image::addLabel);
        if (plan.workdir() != null) {
            image.setWorkingDirectory(AbsoluteUnixPath.get(plan.workdir()));
        }
        if (plan.user() != null) {
            image.setUser(plan.user());
        }
        if (!plan.exposedPorts().isEmpty()) {
            image.setExposedPorts(Ports.parse(plan.exposedPorts()));
        }
        if (plan.entrypoint() != null) {
            image.setEntrypoint(plan.entrypoint());
            // as Docker does: a new ENTRYPOINT drops the CMD inherited from the base image
            image.setProgramArguments(plan.cmd() != null ? plan.cmd() : List.of());
        } else if (plan.cmd() != null) {
            image.setProgramArguments(plan.cmd());
        }
        return image.setCreationTime(Instant.now());
    }

    /** The layer caches, the registry (for the base image) and the tool name, wherever the image goes. */
    private Containerizer configured(Containerizer target) {
        return target.setAllowInsecureRegistries(allowInsecureRegistries)
                .setBaseImageLayersCache(cache.resolve("base"))
                .setApplicationLayersCache(cache.resolve("application"))
                .setToolName("gitops-flow");
    }

    /**
     * Builds the image once into the first tag's OCI image archive, whose index names that tag. It is written to a
     * temporary file first and then moved into place, so a reader never sees half an archive. Every other tag gets the
     * same archive as a hard link (a copy where the file system has none).
     */
    private PushedImage writeArchives(JibContainerBuilder image, String repository, List<String> tags)
            throws InvalidImageReferenceException, IOException, InterruptedException, ExecutionException,
                    com.google.cloud.tools.jib.api.CacheDirectoryCreationException,
                    com.google.cloud.tools.jib.api.RegistryException {
        image.setFormat(ImageFormat.OCI);
        ImageReference first = ImageReference.parse(repository + ":" + tags.get(0));
        Path archive = archiveOf(first);
        Files.createDirectories(archive.getParent());
        Path partial = Files.createTempFile(archive.getParent(), "." + tags.get(0), ".partial");
        String digest;
        try {
            digest = image.containerize(
                            configured(Containerizer.to(TarImage.at(partial).named(first))))
                    .getDigest()
                    .toString();
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        for (String tag : tags.subList(1, tags.size())) {
            Path other = archiveOf(ImageReference.parse(repository + ":" + tag));
            Files.deleteIfExists(other);
            try {
                Files.createLink(other, archive);
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                Files.copy(archive, other, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new PushedImage(repository, tags, digest);
    }

    /** {@code <archives>/<registry>/<repository>/<tag>.tar}, never outside the archives folder. */
    Path archiveOf(ImageReference reference) {
        return archiveOf(archives.orElseThrow(), reference);
    }

    /** {@code <folder>/<registry>/<repository>/<tag>.tar}, never outside {@code folder}. */
    static Path archiveOf(Path folder, ImageReference reference) {
        Path archive = folder.resolve(reference.getRegistry())
                .resolve(reference.getRepository())
                .resolve(reference.getTag().orElseThrow() + ".tar")
                .normalize();
        if (!archive.startsWith(folder)) {
            throw new ImageBuildException("image reference " + reference + " does not name a file in " + folder, null);
        }
        return archive;
    }

    /** Adds the files of one COPY/ADD; answers whether it added any. */
    private static boolean addCopy(FileEntriesLayer.Builder layer, DockerfilePlan.Copy copy, Path context)
            throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String source : copy.sources()) {
            sources.addAll(resolve(context, source, copy.line()));
        }
        if (sources.isEmpty()) {
            throw new ImageBuildException(
                    "Dockerfile line " + copy.line() + ": no file matches " + String.join(" ", copy.sources()), null);
        }
        boolean intoDirectory = copy.destination().endsWith("/") || sources.size() > 1;
        AbsoluteUnixPath destination = AbsoluteUnixPath.get(copy.destination());
        String ownership = copy.chown() == null ? "" : copy.chown();
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                // like Docker: the directory's contents land in the destination
                layer.addEntryRecursive(
                        source,
                        destination,
                        (file, path) -> Files.isDirectory(file)
                                ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS
                                : FilePermissions.DEFAULT_FILE_PERMISSIONS,
                        (file, path) -> FILE_TIME,
                        (file, path) -> ownership);
            } else {
                AbsoluteUnixPath target =
                        intoDirectory ? destination.resolve(source.getFileName().toString()) : destination;
                layer.addEntry(source, target, FilePermissions.DEFAULT_FILE_PERMISSIONS, FILE_TIME, ownership);
            }
        }
        return true;
    }

    /** A context-relative source, or a simple glob in its last segment, as paths inside the context. */
    private static List<Path> resolve(Path context, String source, int line) throws IOException {
        String relative = source.startsWith("./") ? source.substring(2) : source;
        if (relative.equals(".") || relative.isEmpty()) {
            return List.of(context);
        }
        if (!relative.contains("*") && !relative.contains("?")) {
            Path path = RepositoryPaths.resolveInside(context, relative);
            if (!Files.exists(path)) {
                throw new ImageBuildException(
                        "Dockerfile line " + line + ": " + source + " is not in the context", null);
            }
            return List.of(path);
        }
        int slash = relative.lastIndexOf('/');
        Path folder = slash < 0 ? context : RepositoryPaths.resolveInside(context, relative.substring(0, slash));
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + relative.substring(slash + 1));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> glob.matches(file.getFileName()))
                    .sorted()
                    .toList();
        }
    }
}
