package io.gitopsflow.gateway.service;

import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.provider.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks webhook signatures and tokens in constant time; never logs or returns a secret. */
@ApplicationScoped
public class WebhookAuthenticator {

    /** Stands for the repository of a webhook that names none (an organization's ping): the default secret applies. */
    public static final String NO_REPOSITORY = "(organization)";

    /** Stands for the default secret among the owners of matching secrets; no repository name has parentheses. */
    static final String DEFAULT_SECRET = "(default)";

    private static final String HMAC = "HmacSHA256";
    private final GatewayConfig.Secrets secrets;

    public WebhookAuthenticator(GatewayConfig config) {
        this.secrets = config.secrets();
    }

    /**
     * Verifies a Git provider's webhook before anything is read from its body: the signature (or token) is checked
     * against every configured secret, all of them every time, so neither the answer nor its timing depends on the
     * body. Costs one HMAC of the body per distinct secret.
     *
     * @return who owns the secrets that matched (repository full names, or {@link #DEFAULT_SECRET}), for
     *     {@link #requireSecretOf} once the body names its repository
     * @throws RejectedWebhookException 401 when no secret is configured, the header is missing or matches no secret
     */
    public Set<String> verify(Authentication kind, String header, String presented, byte[] body) {
        Map<String, Set<String>> ownersBySecret = new HashMap<>();
        secrets.repositories()
                .forEach((repository, secret) -> ownersBySecret
                        .computeIfAbsent(secret, s -> new HashSet<>())
                        .add(repository));
        secrets.defaultSecret()
                .ifPresent(secret -> ownersBySecret
                        .computeIfAbsent(secret, s -> new HashSet<>())
                        .add(DEFAULT_SECRET));
        if (ownersBySecret.isEmpty()) {
            throw new RejectedWebhookException(401, "no webhook secret is configured");
        }
        if (presented == null || presented.isBlank()) {
            throw new RejectedWebhookException(401, "missing " + header + " header");
        }
        Set<String> owners = new HashSet<>();
        ownersBySecret.forEach((secret, secretOwners) -> {
            if (matches(kind, secret, presented, body)) {
                owners.addAll(secretOwners);
            }
        });
        if (owners.isEmpty()) {
            throw new RejectedWebhookException(401, header + " does not match the configured secret");
        }
        return owners;
    }

    /**
     * Requires that the secret that signed the webhook is the one of the repository its (now authenticated) body
     * names: the repository's own secret, else the default one.
     *
     * @throws RejectedWebhookException 401, with the same reason as a signature that matches no secret
     */
    public void requireSecretOf(String repository, Set<String> owners, String header) {
        String owner = secrets.repositories().containsKey(repository) ? repository : DEFAULT_SECRET;
        if (!owners.contains(owner)) {
            throw new RejectedWebhookException(401, header + " does not match the configured secret");
        }
    }

    private static boolean matches(Authentication kind, String secret, String presented, byte[] body) {
        return switch (kind) {
            case HMAC_SHA256_PREFIXED ->
                presented.startsWith("sha256=")
                        && equal(hmacHex(secret, body), presented.substring(7).toLowerCase(Locale.ROOT));
            case HMAC_SHA256_HEX -> equal(hmacHex(secret, body), presented.toLowerCase(Locale.ROOT));
            case SHARED_TOKEN -> equal(secret, presented);
        };
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

    /**
     * Verifies a secret a sender can only put in the URL (Docker Hub). The answer never says how close it came, and
     * never repeats what was presented.
     */
    public void verifyUrlSecret(Optional<String> expected, String presented, String endpoint) {
        String secret = expected.orElseThrow(
                () -> new RejectedWebhookException(401, "no URL secret is configured for " + endpoint));
        if (presented == null || !equal(secret, presented)) {
            throw new RejectedWebhookException(401, "the URL's secret does not match");
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
