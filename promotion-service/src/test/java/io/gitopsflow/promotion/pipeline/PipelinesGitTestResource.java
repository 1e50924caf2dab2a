package io.gitopsflow.promotion.pipeline;

import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.TestFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A GitOps repository on a real Git smart-HTTP server whose {@code pipelines/} folder holds the pipelines in force: the
 * service is configured to read them from there (its pipelines folder setting is then unused).
 */
public final class PipelinesGitTestResource implements QuarkusTestResourceLifecycleManager {

    static final String REPOSITORY = "gitops";
    static GitServer server;

    /** A pipeline of one auto-promoted stage dev, Freight from {@code registry.test/acme/<name>}. */
    static String pipeline(String name) {
        return """
                # written by onboarding (issue 25)
                name: %1$s
                warehouse:
                  subscriptions:
                    - {image: registry.test/acme/%1$s, strategy: newest, allowTags: "main-.*"}
                stages:
                  - name: dev
                    autoPromotion: true
                    targets:
                      - {repositoryUrl: "https://git.test/acme/gitops.git", branch: main,
                         path: apps/%1$s/values-dev.yaml, kind: helm-values, field: image.tag}
                """.formatted(name);
    }

    @Override
    public Map<String, String> start() {
        server = GitServer.start();
        server.createRepository(
                REPOSITORY, Map.of("pipelines/shop.yaml", pipeline("shop"), "README.md", "the GitOps repository\n"));
        return Map.of(
                "gitops-flow.promotion.pipelines-git.url", server.repositoryUrl(REPOSITORY),
                "gitops-flow.promotion.pipelines-git.checkout",
                        TestFolders.newFolder("pipelines-checkout").toString(),
                "gitops-flow.promotion.pipelines-git.timeout", "5s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
