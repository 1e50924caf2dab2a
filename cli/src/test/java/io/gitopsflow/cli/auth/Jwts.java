package io.gitopsflow.cli.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned JWTs for tests that only read claims (the CLI never checks a signature: the services do). */
final class Jwts {

    private Jwts() {}

    /** A JWT whose payload is {@code payloadJson}. */
    static String withPayload(String payloadJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString("not-a-signature".getBytes(StandardCharsets.UTF_8));
    }
}
