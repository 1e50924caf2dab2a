package io.gitopsflow.local;

import io.gitopsflow.testkit.OwnerOnlyFiles;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The local run's identity provider: an RSA key pair made at start (the public key is what promotion-service verifies
 * bearer JWTs with) and one signed token per local user, written owner-only to {@code <folder>/<user>.jwt} so the printed
 * commands can read them. Nothing here is valid outside the local run.
 */
public final class LocalTokens implements UserTokens {

    public static final String ISSUER = "https://gitops-flow.local";

    /** The local users and the roles they hold (the sample pipeline's approver roles; alice may onboard). */
    public static final Map<String, Set<String>> USERS = users();

    private final KeyPair keys;
    private final Path folder;
    private final Path publicKey;

    private LocalTokens(KeyPair keys, Path folder, Path publicKey) {
        this.keys = keys;
        this.folder = folder;
        this.publicKey = publicKey;
    }

    /** A new key pair, its public key as PEM and a token per user in {@code folder}. */
    public static LocalTokens create(Path folder) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Files.createDirectories(folder);
            Path publicKey = Files.writeString(
                    folder.resolve("public-key.pem"),
                    "-----BEGIN PUBLIC KEY-----\n"
                            + Base64.getMimeEncoder(64, "\n".getBytes())
                                    .encodeToString(keys.getPublic().getEncoded())
                            + "\n-----END PUBLIC KEY-----\n");
            LocalTokens tokens = new LocalTokens(keys, folder, publicKey);
            for (String user : USERS.keySet()) {
                OwnerOnlyFiles.write(tokens.file(user), tokens.token(user));
            }
            return tokens;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no RSA", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local tokens to " + folder, e);
        }
    }

    /** The PEM file promotion-service reads ({@code mp.jwt.verify.publickey.location}). */
    public Path publicKey() {
        return publicKey;
    }

    /** A bearer token of local user {@code user}, valid for 12 hours. */
    @Override
    public String token(String user) {
        Set<String> roles = USERS.get(user);
        if (roles == null) {
            throw new IllegalArgumentException("no local user " + user + "; the users are " + USERS.keySet());
        }
        return Jwt.issuer(ISSUER)
                .upn(user)
                .subject(user)
                .groups(roles)
                .expiresIn(12 * 3600)
                .sign(keys.getPrivate());
    }

    /** The file holding {@code user}'s token. */
    public Path file(String user) {
        return folder.resolve(user + ".jwt");
    }

    private static Map<String, Set<String>> users() {
        Map<String, Set<String>> users = new LinkedHashMap<>();
        users.put("viewer", Set.of());
        users.put("alice", Set.of("staging-approver", "promoter", "onboarder"));
        users.put("bob", Set.of("prod-approver", "promoter"));
        users.put("carol", Set.of("prod-approver"));
        return users;
    }
}
