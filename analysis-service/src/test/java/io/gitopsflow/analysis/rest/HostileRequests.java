package io.gitopsflow.analysis.rest;

import io.gitopsflow.testkit.quarkus.JwtTestResource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The requests of {@link AnalysisApiFuzzIT}, drawn from a seeded {@link Random}: every one must be refused. A request a
 * valid operator could send successfully to the run under attack is never drawn (it would rightly terminate it).
 */
final class HostileRequests {

    /**
     * One request.
     *
     * @param kind what it tries
     * @param method the HTTP method
     * @param path path and query, encoded
     * @param headers its headers
     * @param body its body (empty for none)
     */
    record Attack(String kind, String method, String path, Map<String, String> headers, byte[] body) {}

    private static final List<String> READS = List.of(
            "/analysis-runs/%s",
            "/analysis-runs/%s/metrics", "/analysis-runs/%s/measurements", "/analysis-runs/%s/measurements?metric=m");

    private static final List<String> LISTS = List.of("/analysis-runs", "/analysis-templates", "/audit");

    private final Random random;
    private final String runId;
    private final String viewer;
    private final String operator;
    private final List<Supplier<Attack>> attacks;

    HostileRequests(Random random, String runId, String viewer, String operator) {
        this.random = random;
        this.runId = runId;
        this.viewer = viewer;
        this.operator = operator;
        this.attacks = List.of(
                this::unauthenticated,
                this::forgedToken,
                this::wrongRole,
                this::oddId,
                this::oddFilter,
                this::hostileTemplate,
                this::hostileTerminateBody,
                this::wrongMethodOrMediaType);
    }

    Attack next() {
        return attacks.get(random.nextInt(attacks.size())).get();
    }

    private Attack unauthenticated() {
        boolean terminate = random.nextBoolean();
        return new Attack(
                "no token",
                terminate || random.nextInt(4) == 0 ? "POST" : "GET",
                terminate
                        ? "/analysis-runs/" + runId + "/terminate"
                        : random.nextBoolean() ? anyRead(runId) : LISTS.get(random.nextInt(LISTS.size())),
                Map.of(),
                new byte[0]);
    }

    private Attack forgedToken() {
        String[] forged = {
            JwtTestResource.foreignToken("olga", "operator"),
            withoutSignature(operator),
            tampered(operator),
            "not.a.jwt",
            randomText(1 + random.nextInt(300)),
            "",
        };
        String token = forged[random.nextInt(forged.length)];
        String scheme = random.nextInt(5) == 0 ? "Basic " : "Bearer ";
        return new Attack(
                "forged token",
                "POST",
                "/analysis-runs/" + runId + "/terminate",
                Map.of("Authorization", (scheme + token).strip()),
                new byte[0]);
    }

    private Attack wrongRole() {
        String[] roles = {"viewer", "Operator", "operators", "admin", "staging-approver"};
        String token = JwtTestResource.token("mallory", roles[random.nextInt(roles.length)]);
        return new Attack(
                "wrong role",
                "POST",
                "/analysis-runs/" + runId + "/terminate",
                bearer(token, "application/json"),
                "{\"reason\": \"I can\"}".getBytes(StandardCharsets.UTF_8));
    }

    private Attack oddId() {
        String[] ids = {
            "x".repeat(129 + random.nextInt(5000)),
            "../../etc/passwd",
            "ar-' or '1'='1",
            "ar-\u0000",
            "ar-%00",
            "ar-ü\u202e",
            " ",
            "-leading-dash",
            "ar-" + randomText(20),
            ".",
            "ar-x;drop table analysis_run",
        };
        String id = encode(ids[random.nextInt(ids.length)]);
        boolean terminate = random.nextBoolean();
        String token = terminate ? operator : viewer;
        return new Attack(
                "odd id",
                terminate ? "POST" : "GET",
                terminate ? "/analysis-runs/" + id + "/terminate" : anyRead(id),
                bearer(token, null),
                new byte[0]);
    }

    private Attack oddFilter() {
        String[] filters = {
            "/analysis-runs?phase=" + encode("Runing"),
            "/analysis-runs?project=" + encode("BOOKS"),
            "/analysis-runs?stage=" + encode("a".repeat(64)),
            "/analysis-runs?promotionId=" + encode("p-" + "9".repeat(300)),
            "/analysis-runs?project=" + encode("books\nstaging"),
            "/analysis-runs/" + runId + "/measurements?metric=" + encode("m".repeat(600)),
            "/analysis-runs/" + runId + "/measurements?metric=" + encode("m\u0007"),
            "/audit?limit=-1",
            "/audit?limit=100000",
            "/audit?limit=abc",
            "/audit?target=" + encode("' or 1=1 --"),
            "/audit?actor=" + encode("x".repeat(1000)),
        };
        return new Attack(
                "odd filter", "GET", filters[random.nextInt(filters.length)], bearer(viewer, null), new byte[0]);
    }

    private Attack hostileTemplate() {
        String[] templates = {
            "[".repeat(20_000) + "]".repeat(20_000),
            nestedBlock(5_000),
            template("(".repeat(3000) + "result" + ")".repeat(3000) + " > 0"),
            template("while(true){}"),
            template("result = 1"),
            template("new('java.lang.Thread') != null"),
            template("''.getClass().forName('java.lang.Runtime') != null"),
            template("((x) -> x)(result)"),
            template("!".repeat(5000) + "true"),
            aliasBomb(),
            "a: b: c: : :\n\t- [",
            "",
        };
        boolean binary = random.nextInt(6) == 0;
        byte[] body =
                binary ? randomBytes(1 + random.nextInt(4096)) : utf8(templates[random.nextInt(templates.length)]);
        if (random.nextInt(10) == 0) {
            body = utf8("# " + "x".repeat(1024 * 1024 + random.nextInt(1024 * 1024)));
        }
        return new Attack(
                binary ? "random bytes" : "hostile template",
                "POST",
                "/analysis-templates/validate",
                bearer(random.nextBoolean() ? viewer : operator, "application/yaml"),
                body);
    }

    private Attack hostileTerminateBody() {
        String[] bodies = {
            "{\"reason\": \"a\", \"reason\": \"b\"}",
            "{\"reason\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
            "{\"reason\": 5}",
            "{\"reason\": true}",
            "{\"reason\": \"x\", \"force\": true}",
            "{\"reason\": \"" + "r".repeat(501 + random.nextInt(100_000)) + "\"}",
            "{\"reason\": \"line\\nbreak\"}",
            "{\"reason\": \"ok\"} trailing",
            "{\"reason\": \"unterminated",
            "[1, 2, 3]",
            "\"just a string\"",
        };
        boolean binary = random.nextInt(5) == 0;
        return new Attack(
                binary ? "random bytes" : "hostile terminate body",
                "POST",
                "/analysis-runs/" + runId + "/terminate",
                bearer(operator, "application/json"),
                binary ? randomBytes(1 + random.nextInt(2048)) : utf8(bodies[random.nextInt(bodies.length)]));
    }

    private Attack wrongMethodOrMediaType() {
        String[][] cases = {
            {"DELETE", "/analysis-runs/" + runId, null},
            {"PUT", "/analysis-runs/" + runId + "/terminate", "application/json"},
            {"GET", "/analysis-runs/" + runId + "/terminate", null},
            {"POST", "/analysis-templates", "application/yaml"},
            {"POST", "/analysis-templates/validate", "application/json"},
            {"POST", "/analysis-templates/validate", "application/x-www-form-urlencoded"},
            {"POST", "/analysis-runs/" + runId + "/terminate", "text/plain"},
            {"POST", "/analysis-runs/" + runId + "/terminate", "application/xml"},
            {"PATCH", "/audit", "application/json"},
        };
        String[] chosen = cases[random.nextInt(cases.length)];
        return new Attack(
                "wrong method or media type",
                chosen[0],
                chosen[1],
                bearer(operator, chosen[2]),
                utf8("{\"reason\": \"x\"}"));
    }

    private String anyRead(String id) {
        return READS.get(random.nextInt(READS.size())).formatted(id);
    }

    private static Map<String, String> bearer(String token, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }

    /** The same claims with {@code alg: none} and no signature. */
    private static String withoutSignature(String token) {
        String header =
                Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("{\"alg\":\"none\",\"typ\":\"JWT\"}"));
        return header + "." + token.split("\\.")[1] + ".";
    }

    /** The claims changed (another user), the signature kept. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(claims.replace("olga", "root")));
        return parts[0] + "." + forged + "." + parts[2];
    }

    private static String template(String condition) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: fuzz
                spec:
                  metrics:
                    - name: m
                      successCondition: '%s'
                      provider:
                        web:
                          url: http://127.0.0.1:1/
                """.formatted(condition.replace("'", "''"));
    }

    private static String nestedBlock(int depth) {
        StringBuilder yaml = new StringBuilder("spec:\n");
        for (int i = 0; i < depth; i++) {
            yaml.append(" ".repeat(i + 1)).append("- \n");
        }
        return yaml.toString();
    }

    private static String aliasBomb() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return text.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
