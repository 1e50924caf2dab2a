package io.gitopsflow.local.hostile;

import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What an attacker sends, drawn from one seeded {@link Random} so a failing campaign can be replayed: bearer tokens
 * that must not pass (none, garbage, {@code alg=none}, signed by a stranger's key, a real token with its roles edited),
 * names that must not reach a file, query or page (overlong, traversal, SQL, markup, control characters), and bodies
 * that must not reach a parser unchecked (truncated, duplicate keys, wrong types, 20,000-deep nesting, random bytes).
 */
final class HostileInputs {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final List<String> NAMES = List.of(
            "x".repeat(300),
            "x".repeat(3_000),
            "..%2F..%2F..%2Fetc%2Fpasswd",
            "%2e%2e",
            "'%3B%20DROP%20TABLE%20freight%3B--",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "%00",
            "%E2%80%AE%F0%9F%92%A5",
            "refs%2Fheads%2FHEAD",
            "-x",
            "a%20b",
            "%25s%25n",
            "g".repeat(40),
            "%FF%FE");

    private final Random random;
    private final String issuer;
    private final PrivateKey strangersKey = strangersKey();

    HostileInputs(long seed, String issuer) {
        this.random = new Random(seed);
        this.issuer = issuer;
    }

    Random random() {
        return random;
    }

    /** A path segment, already URL-encoded, that names nothing real. */
    String name() {
        return NAMES.get(random.nextInt(NAMES.size()));
    }

    /** An {@code Authorization} header value that no service may accept (null: no header at all). */
    String forgedAuthorization(String realToken) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "Bearer " + "garbage".repeat(1 + random.nextInt(5));
            case 2 -> "Bearer " + unsigned();
            case 3 -> "Bearer " + signedByAStranger();
            case 4 -> "Bearer " + withRolesEdited(realToken);
            default -> "Basic " + URL.encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        };
    }

    /** A body no endpoint may take: JSON that breaks the rules, or no JSON at all. */
    byte[] body() {
        String text = switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "{\"freight\":\"a\",\"freight\":\"b\",\"comment\":\"dup\"}";
            case 3 -> "{\"freight\":1,\"comment\":true,\"deleted\":\"true\"}";
            case 4 -> "[".repeat(20_000) + "]".repeat(20_000);
            case 5 -> "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
            case 6 -> "{\"comment\":\"" + "x".repeat(2_000_000) + "\"}";
            case 7 -> "- " + "- ".repeat(20_000) + "x";
            case 8 -> "null";
            default -> null;
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] noise = new byte[1 + random.nextInt(4_096)];
        random.nextBytes(noise);
        return noise;
    }

    /** A content type, sometimes a lying one. */
    String contentType() {
        return switch (random.nextInt(5)) {
            case 0 -> "application/json; charset=utf-16";
            case 1 -> "text/plain";
            case 2 -> "application/x-yaml";
            default -> "application/json";
        };
    }

    private String unsigned() {
        String header = URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = URL.encodeToString(("{\"iss\":\"" + issuer + "\",\"upn\":\"mallory\",\"sub\":\"mallory\","
                        + "\"groups\":[\"operator\",\"promoter\",\"prod-approver\",\"staging-approver\"],"
                        + "\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    private String signedByAStranger() {
        return Jwt.issuer(issuer)
                .upn("mallory")
                .subject("mallory")
                .groups(Set.of("operator", "promoter", "prod-approver", "staging-approver"))
                .expiresIn(3600)
                .sign(strangersKey);
    }

    /** A real user's token whose claims are replaced, its signature kept. */
    private String withRolesEdited(String realToken) {
        String[] parts = realToken.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"groups\":\\[[^]]*]", "\"groups\":[\"operator\",\"prod-approver\"]");
        return parts[0] + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static PrivateKey strangersKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
