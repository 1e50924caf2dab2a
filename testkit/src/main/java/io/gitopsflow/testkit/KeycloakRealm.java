package io.gitopsflow.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The realm {@link KeycloakServer} imports at start, as Keycloak's import JSON: the console's confidential client, the
 * CLI's public client (device grant), a {@code groups} claim of plain group names, and the local run's users with their
 * groups (as {@code local}'s {@code LocalTokens}) plus a console admin. Kept apart so tests can read the users and
 * passwords without starting anything.
 */
public final class KeycloakRealm {

    /** The realm's name, the last segment of the issuer. */
    public static final String NAME = "gitops-flow";

    /** The console's confidential client (standard flow, password grant and device grant on). */
    public static final String CONSOLE_CLIENT = "console";

    /** The console client's secret. */
    public static final String CONSOLE_SECRET = "console-test-secret";

    /** The CLI's public client (device authorization grant). */
    public static final String CLI_CLIENT = "gitops-flow-cli";

    /** Each user's groups: the local run's users (viewer, alice, bob, carol) and {@code admin} of the console. */
    public static final Map<String, Set<String>> USERS = users();

    private KeycloakRealm() {}

    /** The password of {@code user}: known to tests, never used outside them. */
    public static String password(String user) {
        if (!USERS.containsKey(user)) {
            throw new IllegalArgumentException("no user " + user + " in realm " + NAME + "; the users are " + USERS);
        }
        return user + "-Pa55word";
    }

    /** Writes the realm as {@code <folder>/gitops-flow-realm.json}, where {@code --import-realm} finds it. */
    public static Path write(Path folder) {
        Path file = folder.resolve(NAME + "-realm.json");
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), realm());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the realm to " + file, e);
        }
    }

    private static Map<String, Object> realm() {
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", NAME);
        realm.put("enabled", true);
        realm.put("sslRequired", "none");
        realm.put("registrationAllowed", false);
        realm.put("groups", groups());
        realm.put("users", USERS.keySet().stream().map(KeycloakRealm::user).toList());
        realm.put("clients", List.of(consoleClient(), cliClient()));
        return realm;
    }

    private static List<Map<String, Object>> groups() {
        return USERS.values().stream()
                .flatMap(Set::stream)
                .distinct()
                .sorted()
                .map(name -> Map.<String, Object>of("name", name))
                .toList();
    }

    private static Map<String, Object> user(String name) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", name);
        user.put("enabled", true);
        user.put("email", name + "@gitops-flow.test");
        user.put("emailVerified", true);
        user.put("firstName", Character.toUpperCase(name.charAt(0)) + name.substring(1));
        user.put("lastName", "Tester");
        user.put("requiredActions", List.of());
        user.put("credentials", List.of(Map.of("type", "password", "value", password(name), "temporary", false)));
        user.put("groups", USERS.get(name).stream().sorted().map(g -> "/" + g).toList());
        return user;
    }

    private static Map<String, Object> consoleClient() {
        Map<String, Object> client = client(CONSOLE_CLIENT);
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", CONSOLE_SECRET);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", true);
        client.put("redirectUris", List.of("*"));
        client.put("webOrigins", List.of("*"));
        return client;
    }

    private static Map<String, Object> cliClient() {
        Map<String, Object> client = client(CLI_CLIENT);
        client.put("publicClient", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        return client;
    }

    private static Map<String, Object> client(String clientId) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put(
                "attributes",
                Map.of("oauth2.device.authorization.grant.enabled", "true", "post.logout.redirect.uris", "*"));
        client.put("protocolMappers", List.of(groupsMapper()));
        return client;
    }

    /** Group names, not paths, in the access token, the ID token and userinfo: what the services' role checks read. */
    private static Map<String, Object> groupsMapper() {
        Map<String, Object> mapper = new LinkedHashMap<>();
        mapper.put("name", "groups");
        mapper.put("protocol", "openid-connect");
        mapper.put("protocolMapper", "oidc-group-membership-mapper");
        mapper.put(
                "config",
                Map.of(
                        "claim.name", "groups",
                        "full.path", "false",
                        "access.token.claim", "true",
                        "id.token.claim", "true",
                        "userinfo.token.claim", "true",
                        "introspection.token.claim", "true"));
        return mapper;
    }

    private static Map<String, Set<String>> users() {
        Map<String, Set<String>> users = new LinkedHashMap<>();
        users.put("viewer", Set.of());
        users.put("alice", Set.of("staging-approver", "promoter"));
        users.put("bob", Set.of("prod-approver", "promoter"));
        users.put("carol", Set.of("prod-approver"));
        users.put("admin", Set.of("console-admin"));
        return java.util.Collections.unmodifiableMap(users);
    }
}
