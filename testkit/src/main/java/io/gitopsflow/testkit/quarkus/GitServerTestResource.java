package io.gitopsflow.testkit.quarkus;

import io.gitopsflow.testkit.GitServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts a real Git smart-HTTP server for a {@code @QuarkusTest}, sets {@code gitops-flow.test.git.base-url} (and
 * {@code gitops-flow.test.git.token} when init arg {@code token} is set) and injects the {@link GitServer} into test
 * fields annotated {@link InjectGitServer}.
 */
public final class GitServerTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a {@link GitServer} field of a test to receive the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectGitServer {}

    private String token;
    private GitServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        token = initArgs.get("token");
    }

    @Override
    public Map<String, String> start() {
        server = GitServer.start(token);
        return token == null
                ? Map.of("gitops-flow.test.git.base-url", server.baseUrl())
                : Map.of("gitops-flow.test.git.base-url", server.baseUrl(), "gitops-flow.test.git.token", token);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectGitServer.class, GitServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
