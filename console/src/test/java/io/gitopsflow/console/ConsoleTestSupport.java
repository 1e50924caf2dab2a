package io.gitopsflow.console;

import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The tests' identity provider: tokens signed by the test issuer, verified by the console as by promotion-service. */
public final class ConsoleTestSupport implements QuarkusTestResourceLifecycleManager {

    /** A bearer token of {@code user} holding {@code roles}. */
    public static String token(String user, String... roles) {
        return JwtTestResource.token(user, roles);
    }

    @Override
    public Map<String, String> start() {
        return JwtTestResource.settings();
    }

    @Override
    public void stop() {}
}
