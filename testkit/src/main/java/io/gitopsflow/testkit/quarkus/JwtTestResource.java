package io.gitopsflow.testkit.quarkus;

import io.gitopsflow.testkit.TestFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The tests' identity provider, shared by every service: one RSA key pair per test JVM whose public half a service
 * verifies bearer JWTs with (as it would an OIDC provider's key), and {@link #token} to sign a user's token with
 * roles. Points {@code mp.jwt.verify.publickey.location} and {@code mp.jwt.verify.issuer} at it.
 */
public final class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://issuer.test";
    private static final KeyPair KEYS = keys();

    /** A bearer token of {@code user} holding {@code roles}, valid for an hour. */
    public static String token(String user, String... roles) {
        return Jwt.issuer(ISSUER)
                .upn(user)
                .subject(user)
                .groups(Set.of(roles))
                .expiresIn(3600)
                .sign(KEYS.getPrivate());
    }

    /** {@code claims} signed with the trusted key, for tokens a test shapes itself (expired, odd names). */
    public static String sign(JwtClaimsBuilder claims) {
        return claims.sign(KEYS.getPrivate());
    }

    /** The same user's token signed by a key no service trusts. */
    public static String foreignToken(String user, String... roles) {
        return Jwt.issuer(ISSUER)
                .upn(user)
                .subject(user)
                .groups(Set.of(roles))
                .expiresIn(3600)
                .sign(keys().getPrivate());
    }

    /** The settings that make a service verify tokens of this issuer; the key is written to a new PEM file. */
    public static Map<String, String> settings() {
        Path file = writePublicKey(TestFolders.newFolder("jwt").resolve("public-key.pem"));
        return Map.of("mp.jwt.verify.publickey.location", file.toUri().toString(), "mp.jwt.verify.issuer", ISSUER);
    }

    /** Writes the public key tokens are verified with to {@code file} (PEM), for a service started by a test. */
    public static Path writePublicKey(Path file) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        try {
            Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public Map<String, String> start() {
        return settings();
    }

    @Override
    public void stop() {
        // nothing runs: the key lives as long as the test JVM
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
