package io.gitopsflow.console;

import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tests' identity provider: tokens signed by the test issuer, verified by the console as by promotion-service; and
 * the web console's local users (each one's token in {@code <folder>/<user>.jwt}), so that page tests sign in the way
 * the local run does.
 */
public final class ConsoleTestSupport implements QuarkusTestResourceLifecycleManager {

    /** The local users of the page tests and their roles. */
    public static final Map<String, String[]> USERS = users();

    /** A bearer token of {@code user} holding {@code roles}. */
    public static String token(String user, String... roles) {
        return JwtTestResource.token(user, roles);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new HashMap<>(JwtTestResource.settings());
        try {
            Path folder = Files.createTempDirectory("console-local-users");
            for (Map.Entry<String, String[]> user : USERS.entrySet()) {
                Files.writeString(folder.resolve(user.getKey() + ".jwt"), token(user.getKey(), user.getValue()));
            }
            settings.put("gitops-flow.console.ui.sign-in", "local-users");
            settings.put("gitops-flow.console.ui.local-users", folder.toString());
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {}

    private static Map<String, String[]> users() {
        Map<String, String[]> users = new LinkedHashMap<>();
        users.put("viewer", new String[0]);
        users.put("alice", new String[] {"staging-approver", "promoter"});
        users.put("bob", new String[] {"prod-approver", "promoter"});
        return users;
    }
}
