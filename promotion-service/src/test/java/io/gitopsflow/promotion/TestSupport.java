package io.gitopsflow.promotion;

import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The test's identity provider and pipelines folder: an RSA key pair whose public half the service verifies tokens
 * with (as it would an OIDC provider's), and a folder of pipeline files the test can change while the service runs.
 */
public final class TestSupport implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = JwtTestResource.ISSUER;
    private static Path pipelines;

    /** A bearer token of {@code user} holding {@code roles}. */
    public static String token(String user, String... roles) {
        return JwtTestResource.token(user, roles);
    }

    /** A token of the trusted issuer and key, as {@code claims} build it: expired, without roles, another issuer. */
    public static String sign(JwtClaimsBuilder claims) {
        return JwtTestResource.sign(claims);
    }

    /** The pipelines folder the service reads. */
    public static Path pipelines() {
        return pipelines;
    }

    @Override
    public Map<String, String> start() {
        try {
            pipelines = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pipelines");
            for (String name : new String[] {
                "books.yaml",
                "guarded.yaml",
                "frozen.yaml",
                "gated.yaml",
                "ordered.yaml",
                "mutable.yaml",
                "reviewed.yaml",
                "aliased.yaml",
                "rebuilt.yaml",
                "rolled.yaml",
                "vetoed.yaml",
                "stacked.yaml",
                "fuzzed.yaml",
                "announced.yaml",
                "copied.yaml",
                "decided.yaml",
                "overruled.yaml",
                "replayed.yaml",
                "notified.yaml",
                "released.yaml",
                "followed.yaml",
                "synced.yaml",
                "merged.yaml",
                "unreachable.yaml",
                "reverted.yaml",
                "iced.yaml",
                "thawed.yaml",
                "paired.yaml",
                "soaked.yaml"
            }) {
                try (var in = TestSupport.class.getResourceAsStream("/pipelines/" + name)) {
                    Files.write(pipelines.resolve(name), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path publicKey = writePublicKey(pipelines.resolveSibling(pipelines.getFileName() + "-public-key.pem"));
        return Map.of(
                "gitops-flow.promotion.pipelines", pipelines.toString(),
                "mp.jwt.verify.publickey.location", publicKey.toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER);
    }

    /** Writes the public key tokens are verified with to {@code file} (PEM), for a service started by a test. */
    public static Path writePublicKey(Path file) {
        return JwtTestResource.writePublicKey(file);
    }

    @Override
    public void stop() {}
}
