package io.gitopsflow.buildworker;

import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.TestFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real registry for build-worker's tests, holding the base image {@code base/tiny:1} every test Dockerfile builds
 * on (no public registry is reachable here). Without Debian's docker-registry the property points nowhere and the
 * tests that push skip themselves.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile OciRegistry registry;

    /** The running registry, for a test that pushes an image itself (e.g. a base image that was missing). */
    public static OciRegistry registry() {
        return registry;
    }

    @Override
    public Map<String, String> start() {
        if (!OciRegistry.available()) {
            return Map.of("gitops-flow.build.registry", "127.0.0.1:" + TestFolders.freePort());
        }
        registry = OciRegistry.start();
        registry.pushBaseImage("base/tiny:1");
        return Map.of("gitops-flow.build.registry", registry.host());
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
