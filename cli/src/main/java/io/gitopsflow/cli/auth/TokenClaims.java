package io.gitopsflow.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The claims of a JWT's payload, read without checking its signature: the CLI only shows whom a token names and keeps
 * its expiry, while the console and promotion-service verify every token they are sent. A token that is not a JWT
 * (an opaque token given with {@code --token}) has no claims here.
 */
public final class TokenClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode claims;

    private TokenClaims(JsonNode claims) {
        this.claims = claims;
    }

    /** The claims of {@code token}, or none when it is not a JWT with a JSON payload. */
    public static Optional<TokenClaims> of(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload =
                    JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return payload != null && payload.isObject() ? Optional.of(new TokenClaims(payload)) : Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    /** Whom the token names: {@code preferred_username}, else {@code sub}. */
    public Optional<String> username() {
        for (String claim : new String[] {"preferred_username", "sub"}) {
            String value = claims.path(claim).asText("");
            if (!value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** When the token expires ({@code exp}), if it says. */
    public Optional<Instant> expiry() {
        JsonNode exp = claims.get("exp");
        return exp != null && exp.canConvertToLong()
                ? Optional.of(Instant.ofEpochSecond(exp.asLong()))
                : Optional.empty();
    }
}
