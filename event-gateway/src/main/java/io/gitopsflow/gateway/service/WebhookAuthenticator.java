package io.gitopsflow.gateway.service;

import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.provider.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks webhook signatures and tokens in constant time; never logs or returns a secret. */
@ApplicationScoped
public class WebhookAuthenticator {

    /** Stands for the repository of a webhook that names none (an organization's ping): the default secret applies. */
    public static final String NO_REPOSITORY = "(organization)";

    private static final String HMAC = "HmacSHA256";
    private final GatewayConfig.Secrets secrets;

    public WebhookAuthenticator(GatewayConfig config) {
        this.secrets = config.secrets();
    }

    /**
     * Verifies a Git provider's webhook.
     *
     * @throws RejectedWebhookException 401 when no secret is configured, the header is missing or does not match
     */
    public void verify(String repository, Authentication kind, String header, String presented, byte[] body) {
        String secret = Optional.ofNullable(secrets.repositories().get(repository))
                .or(secrets::defaultSecret)
                .orElseThrow(
                        () -> new RejectedWebhookException(401, "no webhook secret is configured for " + repository));
        if (presented == null || presented.isBlank()) {
            throw new RejectedWebhookException(401, "missing " + header + " header");
        }
        boolean matches = switch (kind) {
            case HMAC_SHA256_PREFIXED ->
                presented.startsWith("sha256=")
                        && equal(hmacHex(secret, body), presented.substring(7).toLowerCase(Locale.ROOT));
            case HMAC_SHA256_HEX -> equal(hmacHex(secret, body), presented.toLowerCase(Locale.ROOT));
            case SHARED_TOKEN -> equal(secret, presented);
        };
        if (!matches) {
            throw new RejectedWebhookException(401, header + " does not match the configured secret");
        }
    }

    /** Verifies an {@code Authorization: Bearer} header against a configured token. */
    public void verifyBearer(Optional<String> expected, String authorization, String endpoint) {
        String token = expected.orElseThrow(
                () -> new RejectedWebhookException(401, "no bearer token is configured for " + endpoint));
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new RejectedWebhookException(401, "missing bearer token");
        }
        if (!equal(token, authorization.substring(7).trim())) {
            throw new RejectedWebhookException(401, "bearer token does not match");
        }
    }

    static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static boolean equal(String expected, String presented) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
