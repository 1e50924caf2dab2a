package io.gitopsflow.gateway;

import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.TestFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real registry standing in for Docker Hub's (no public registry is reachable here): a Docker Hub push webhook's tag
 * is looked up in it. Without Debian's docker-registry the property points nowhere and the test skips itself.
 */
public class DockerHubMirrorResource implements QuarkusTestResourceLifecycleManager {

    private static volatile OciRegistry registry;

    /** The running registry, or null when docker-registry is not installed. */
    public static OciRegistry registry() {
        return registry;
    }

    @Override
    public Map<String, String> start() {
        if (!OciRegistry.available()) {
            return Map.of("gitops-flow.gateway.docker-hub.registry", "127.0.0.1:" + TestFolders.freePort());
        }
        registry = OciRegistry.start();
        return Map.of(
                "gitops-flow.gateway.docker-hub.registry",
                registry.host(),
                "gitops-flow.gateway.docker-hub.insecure",
                "true");
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
