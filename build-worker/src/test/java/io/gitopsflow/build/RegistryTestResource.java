package io.gitopsflow.build;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.TestFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real registry for build-worker's tests, holding the base image {@code base/tiny:1} every test Dockerfile builds
 * on (no public registry is reachable here). Without Debian's docker-registry the property points nowhere and the
 * tests that push skip themselves.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    private OciRegistry registry;

    @Override
    public Map<String, String> start() {
        if (!OciRegistry.available()) {
            return Map.of("gitops-flow.build.registry", "127.0.0.1:" + TestFolders.freePort());
        }
        registry = OciRegistry.start();
        pushBaseImage(registry.host(), TestFolders.newFolder("base-image"));
        return Map.of("gitops-flow.build.registry", registry.host());
    }

    /** Pushes {@code <host>/base/tiny:1}: one file, a CMD, built from scratch. */
    public static void pushBaseImage(String host, Path folder) {
        try {
            Path release = Files.writeString(folder.resolve("base-release"), "tiny base 1\n");
            Jib.fromScratch()
                    .addFileEntriesLayer(FileEntriesLayer.builder()
                            .addEntry(release, AbsoluteUnixPath.get("/etc/base-release"))
                            .build())
                    .setProgramArguments(List.of("base-cmd"))
                    .containerize(Containerizer.to(RegistryImage.named(host + "/base/tiny:1"))
                            .setAllowInsecureRegistries(true)
                            .setBaseImageLayersCache(folder.resolve("cache/base"))
                            .setApplicationLayersCache(folder.resolve("cache/application")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot push the base image", e);
        }
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
    }
}
