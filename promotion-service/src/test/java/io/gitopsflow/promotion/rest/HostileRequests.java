package io.gitopsflow.promotion.rest;

import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A seeded campaign of hostile requests against promotion-service's REST API: no or forged tokens, malformed and
 * overlong names, broken, duplicated, mistyped and deeply nested JSON. Every request is refused by construction, so
 * none may change anything.
 */
final class HostileRequests {

    /** One request, what kind of attack it is and which answers are right. */
    record Request(String kind, String method, String path, Map<String, String> headers, byte[] body) {

        boolean expectsUnauthorized() {
            return kind.startsWith("token");
        }
    }

    /** The names a request may use: a real pipeline, stages, Freight and a promotion waiting for its reviewer. */
    record Targets(String pipeline, String freightId, String pendingPromotion, String commit) {}

    private static final String[] GET_PATHS = {
        "/pipelines",
        "/pipelines/{p}",
        "/pipelines/{p}/freight",
        "/pipelines/{p}/freight/{f}",
        "/pipelines/{p}/stages",
        "/pipelines/{p}/stages/{s}/promotions",
        "/audit?pipeline={p}&stage={s}&freight={f}&promotion={id}",
        "/timeline/{c}",
        "/promotions/{id}"
    };
    private static final String[] POST_PATHS = {
        "/pipelines/{p}/stages/{s}/promotions",
        "/pipelines/{p}/stages/{s}/reverify",
        "/promotions/{id}/approve",
        "/promotions/{id}/reject",
        "/promotions/{id}/abort"
    };
    private static final List<String> BAD_NAMES = List.of(
            "Not_A_Name",
            "UPPER",
            "z".repeat(64),
            "a".repeat(300),
            "x".repeat(5000),
            "-dash",
            "dash-",
            "ünïcode",
            "日本",
            "' or '1'='1",
            "1; drop table promotion;--",
            "$(id)",
            "${jndi:ldap://x}",
            "a b",
            "\t",
            "a\nb",
            "null",
            "0".repeat(39),
            "g".repeat(40),
            "0".repeat(41),
            "brave-otter-0",
            "brave-otter-9999999",
            "00000000-0000-0000-0000-00000000000g",
            "{{7*7}}",
            "<script>");
    // sent as they are (java.net.http refuses a malformed escape such as %ZZ, so those are not among them)
    private static final List<String> RAW_PATH_NAMES = List.of("..", "%2F", "a%2Fb", "%00", "%25", "%2e%2e%2F");

    private final Random random;
    private final Targets targets;
    private final String validToken;

    HostileRequests(long seed, Targets targets) {
        this.random = new Random(seed);
        this.targets = targets;
        this.validToken = TestSupport.token("fuzzer", "promoter", "staging-approver", "freeze-override");
    }

    /** {@code count} requests, the same for the same seed. */
    List<Request> campaign(int count) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(
                    switch (i % 7) {
                        case 0, 1 -> badToken();
                        case 2, 3 -> badName();
                        case 4 -> badUser();
                        default -> badBody();
                    });
        }
        return requests;
    }

    private Request badToken() {
        boolean post = random.nextBoolean();
        String path = fill(post ? pick(POST_PATHS) : pick(GET_PATHS), null);
        Map.Entry<String, Supplier<String>> attack = pick(tokenAttacks());
        Map<String, String> headers = new LinkedHashMap<>();
        String authorization = attack.getValue().get();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        byte[] body = post ? bodyFor(path, random.nextBoolean()) : null;
        if (post) {
            headers.put("Content-Type", "application/json");
        }
        return new Request("token: " + attack.getKey(), post ? "POST" : "GET", path, headers, body);
    }

    /** Each forged or missing credential: its name and the Authorization header it sends (null: none). */
    private List<Map.Entry<String, Supplier<String>>> tokenAttacks() {
        return List.of(
                Map.entry("none", () -> null),
                Map.entry("another key", () -> "Bearer " + JwtTestResource.foreignToken("fuzzer", "promoter")),
                Map.entry("alg none", () -> "Bearer " + unsigned()),
                Map.entry("tampered roles", () -> "Bearer " + tampered()),
                Map.entry(
                        "expired",
                        () -> "Bearer "
                                + TestSupport.sign(claims(TestSupport.ISSUER)
                                        .issuedAt(1_000_000L)
                                        .expiresAt(1_000_060L))),
                Map.entry(
                        "other issuer",
                        () -> "Bearer "
                                + TestSupport.sign(claims("https://evil.test").expiresIn(3600))),
                Map.entry(
                        "HS256 guessed secret",
                        () -> "Bearer "
                                + claims(TestSupport.ISSUER)
                                        .expiresIn(3600)
                                        .signWithSecret("a-secret-of-at-least-thirty-two-bytes!!")),
                Map.entry("garbage", () -> "Bearer " + garbage(1 + random.nextInt(200))),
                Map.entry("basic", () -> "Basic ZnV6emVyOnB3"),
                Map.entry("empty bearer", () -> "Bearer "),
                Map.entry("overlong", () -> "Bearer " + "A".repeat(4000 + random.nextInt(2000))));
    }

    private static JwtClaimsBuilder claims(String issuer) {
        return Jwt.issuer(issuer).upn("fuzzer").groups(Set.of("promoter"));
    }

    /** A trusted token whose user name cannot be recorded: overlong, or with control characters. */
    private Request badUser() {
        String path = fill(pick(POST_PATHS), null);
        String user = random.nextBoolean() ? "u".repeat(201 + random.nextInt(3000)) : "eve\u0000\nadmin";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Authorization",
                "Bearer " + TestSupport.token(user, "promoter", "staging-approver", "freeze-override"));
        headers.put("Content-Type", "application/json");
        return new Request("user: unrecordable name", "POST", path, headers, bodyFor(path, false));
    }

    private Request badName() {
        boolean post = random.nextBoolean();
        String template = post ? pick(POST_PATHS) : pick(GET_PATHS);
        if (!template.contains("{")) {
            template = "/pipelines/{p}";
        }
        String bad = random.nextInt(4) == 0 ? pick(RAW_PATH_NAMES) : encode(pick(BAD_NAMES));
        String path = fill(template, bad);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + validToken);
        byte[] body = null;
        if (post) {
            headers.put("Content-Type", "application/json");
            body = bodyFor(path, false);
        }
        return new Request("name", post ? "POST" : "GET", path, headers, body);
    }

    private Request badBody() {
        String path = fill(pick(POST_PATHS), null);
        boolean promote = path.endsWith("/promotions");
        BodyAttack attack = pick(bodyAttacks());
        String json = attack.body().apply(promote ? "freight" : "comment", promote ? targets.freightId() : "ok");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + validToken);
        headers.put("Content-Type", attack.contentType());
        byte[] body = attack.contentType().contains("utf-16")
                ? json.getBytes(StandardCharsets.UTF_16)
                : json.getBytes(StandardCharsets.UTF_8);
        return new Request("body: " + attack.kind(), "POST", path, headers, body);
    }

    /** A malformed body: its name, its content type, and the body made of the request's one field and its value. */
    private record BodyAttack(String kind, String contentType, BiFunction<String, String, String> body) {

        BodyAttack(String kind, BiFunction<String, String, String> body) {
            this(kind, "application/json", body);
        }
    }

    private List<BodyAttack> bodyAttacks() {
        String freight = "{\"freight\":\"" + targets.freightId() + "\",\"overrideWindow\":";
        return List.of(
                new BodyAttack("duplicate key", (f, v) -> "{\"" + f + "\":\"" + v + "\",\"" + f + "\":\"" + v + "\"}"),
                new BodyAttack("number for text", (f, v) -> "{\"" + f + "\":" + random.nextInt(1000) + "}"),
                new BodyAttack("boolean for text", (f, v) -> "{\"" + f + "\":true}"),
                new BodyAttack("object for text", (f, v) -> "{\"" + f + "\":{\"" + f + "\":\"" + v + "\"}}"),
                new BodyAttack("array for text", (f, v) -> "{\"" + f + "\":[\"" + v + "\"]}"),
                new BodyAttack("text for boolean", (f, v) -> freight + "\"true\"}"),
                new BodyAttack("object for boolean", (f, v) -> freight + "{}}"),
                new BodyAttack("unknown field", (f, v) -> "{\"" + f + "\":\"" + v + "\",\"approved\":true}"),
                new BodyAttack("deep nesting", (f, v) -> {
                    int depth = 2000 + random.nextInt(100_000);
                    return "{\"" + f + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
                }),
                new BodyAttack("truncated", (f, v) -> {
                    String whole = "{\"" + f + "\":\"" + v + "\"}";
                    return whole.substring(0, 1 + random.nextInt(whole.length() - 1));
                }),
                new BodyAttack(
                        "trailing content", (f, v) -> "{\"" + f + "\":\"" + v + "\"} {\"" + f + "\":\"" + v + "\"}"),
                new BodyAttack(
                        "overlong text",
                        (f, v) -> "{\"" + f + "\":\"" + "x".repeat(1001 + random.nextInt(300_000)) + "\"}"),
                new BodyAttack(
                        "overlong number",
                        (f, v) -> "{\"" + f + "\":1" + "0".repeat(1000 + random.nextInt(5000)) + "}"),
                new BodyAttack("control character in text", (f, v) -> withText(f, v, "a\\u0000b\\u001b[2J")),
                new BodyAttack("not JSON", (f, v) -> garbage(1 + random.nextInt(500))),
                new BodyAttack(
                        "wrong content type",
                        random.nextBoolean() ? "text/plain" : "application/xml",
                        (f, v) -> "{\"" + f + "\":\"" + v + "\"}"),
                new BodyAttack(
                        "utf-16 duplicate key",
                        "application/json; charset=utf-16",
                        (f, v) -> "{\"" + f + "\":\"" + v + "\",\"" + f + "\":\"" + v + "\"}"));
    }

    /** A body whose free text (a promotion's reason, a decision's comment) is {@code text}, as JSON source. */
    private static String withText(String field, String value, String text) {
        return field.equals("freight")
                ? "{\"freight\":\"" + value + "\",\"reason\":\"" + text + "\"}"
                : "{\"comment\":\"" + text + "\"}";
    }

    /** A well-formed body for the endpoint (or a broken one), for requests whose token or name is the attack. */
    private byte[] bodyFor(String path, boolean broken) {
        String json = broken
                ? "{\"comment\":" + "[".repeat(50_000)
                : path.endsWith("/promotions")
                        ? "{\"freight\":\"" + targets.freightId() + "\"}"
                        : "{\"comment\":\"fuzz\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The template with real names, one of which (chosen at random) replaced by {@code bad} when given. */
    private String fill(String template, String bad) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("{p}", targets.pipeline());
        values.put("{s}", random.nextBoolean() ? "dev" : "staging");
        values.put("{f}", targets.freightId());
        values.put("{id}", targets.pendingPromotion());
        values.put("{c}", targets.commit());
        List<String> present =
                values.keySet().stream().filter(template::contains).toList();
        String replaced = present.isEmpty() ? null : present.get(random.nextInt(present.size()));
        String path = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace(
                    value.getKey(), bad != null && value.getKey().equals(replaced) ? bad : value.getValue());
        }
        return path;
    }

    private String unsigned() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"iss\":\"" + TestSupport.ISSUER
                        + "\",\"upn\":\"fuzzer\",\"groups\":[\"promoter\",\"staging-approver\"],\"exp\":"
                        + (System.currentTimeMillis() / 1000 + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /** A valid token whose claims were swapped for more roles, the signature kept. */
    private String tampered() {
        String[] parts = TestSupport.token("viewer").split("\\.");
        String other =
                TestSupport.token("viewer", "promoter", "staging-approver").split("\\.")[1];
        return parts[0] + "." + other + "." + parts[2];
    }

    private String garbage(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return text.toString();
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
