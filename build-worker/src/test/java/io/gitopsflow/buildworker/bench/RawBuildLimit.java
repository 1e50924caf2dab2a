package io.gitopsflow.buildworker.bench;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.TestFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The physical limit of a build, with no service around it: on a clone made beforehand (not timed, as build-worker's
 * is cached), one shallow JGit fetch of the branch and the checkout of the commit, then Jib's build of the benchmark's
 * Dockerfile written out by hand (its base image from the registry, one layer of the copied files, the same
 * environment, user, port and entrypoint, Jib's layer caches kept between builds) and its push to the same registry,
 * timed from the fetch to the registry's answer to the manifest. No queue, no database, no Kafka, no Dockerfile
 * parsing, no credentials, no tracing.
 */
final class RawBuildLimit implements AutoCloseable {

    private final Git clone;
    private final String registry;
    private final Path cache;

    private RawBuildLimit(Git clone, String registry, Path cache) {
        this.clone = clone;
        this.registry = registry;
        this.cache = cache;
    }

    /** Clones {@code repository} of the server (not timed). */
    static RawBuildLimit cloneOf(GitServer git, String repository, String registry) throws Exception {
        Git clone = Git.cloneRepository()
                .setURI(git.repositoryUrl(repository))
                .setDirectory(TestFolders.newFolder("bench-raw-build").toFile())
                .setBranch("main")
                .setDepth(1)
                .call();
        return new RawBuildLimit(clone, registry, TestFolders.newFolder("bench-raw-jib-cache"));
    }

    /**
     * Fetches the branch, checks out {@code commit}, builds its image and pushes it as {@code <registry>/raw/<name>:
     * <commit>}.
     *
     * @return the milliseconds it took: the checkout's and the build's with its push
     */
    long[] build(String name, String commit) throws Exception {
        long began = System.nanoTime();
        clone.fetch().setRemote("origin").setDepth(1).call();
        clone.reset()
                .setMode(ResetCommand.ResetType.HARD)
                .setRef(ObjectId.fromString(commit).name())
                .call();
        long checkedOut = System.nanoTime();
        Path work = clone.getRepository().getWorkTree().toPath();
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
        try (Stream<Path> files = Files.list(work.resolve("app"))) {
            for (Path file : files.sorted().toList()) {
                layer.addEntry(
                        file,
                        AbsoluteUnixPath.get("/app/" + file.getFileName()),
                        FilePermissions.fromOctalString(Files.isExecutable(file) ? "755" : "644"));
            }
        }
        layer.addEntry(
                work.resolve("config.properties"),
                AbsoluteUnixPath.get("/app/config.properties"),
                FilePermissions.DEFAULT_FILE_PERMISSIONS,
                Instant.EPOCH,
                "1000:1000");
        Jib.from(RegistryImage.named(registry + "/base/tiny:1"))
                .addFileEntriesLayer(layer.build())
                .addEnvironmentVariable("APP_HOME", "/app")
                .setWorkingDirectory(AbsoluteUnixPath.get("/app"))
                .setUser("1000")
                .setExposedPorts(Set.of(Port.tcp(8080)))
                .setEntrypoint(List.of("/app/run"))
                .setCreationTime(Instant.now())
                .containerize(Containerizer.to(RegistryImage.named(registry + "/raw/" + name + ":" + commit))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(cache.resolve("base"))
                        .setApplicationLayersCache(cache.resolve("application"))
                        .setToolName("gitops-flow-bench"));
        long pushed = System.nanoTime();
        return new long[] {(checkedOut - began) / 1_000_000, (pushed - checkedOut) / 1_000_000};
    }

    @Override
    public void close() {
        clone.close();
    }
}
