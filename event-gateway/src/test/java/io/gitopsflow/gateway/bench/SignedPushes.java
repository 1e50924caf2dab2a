package io.gitopsflow.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GitHub push webhooks the size of real ones, each with its {@code X-Hub-Signature-256}. */
final class SignedPushes {

    /** One push: its body and the signature GitHub would send with it. */
    record Push(byte[] body, String signature) {}

    private SignedPushes() {}

    /** {@code count} different pushes signed with {@code secret}. */
    static List<Push> of(int count, String secret) {
        List<Push> pushes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] body = body(i);
            pushes.add(new Push(body, "sha256=" + hmac(body, secret)));
        }
        return pushes;
    }

    /** A push: two commits with a handful of files each. */
    private static byte[] body(int n) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode push = json.createObjectNode();
        String before = sha(n * 2);
        String after = sha(n * 2 + 1);
        push.put("ref", "refs/heads/main").put("before", before).put("after", after);
        ArrayNode commits = push.putArray("commits");
        for (String id : List.of(before.replace('0', '1'), after)) {
            ObjectNode commit = commits.addObject();
            commit.put("id", id).put("message", "Add books endpoint\n\nWith pagination and tests.");
            commit.put("timestamp", "2026-11-20T10:15:30+01:00");
            commit.put("url", "https://github.com/acme/books-api/commit/" + id);
            commit.putObject("author").put("name", "Ana García").put("email", "ana@example.com");
            commit.putArray("added").add("src/main/java/acme/books/BooksResource.java");
            commit.putArray("modified").add("pom.xml").add("src/main/resources/application.properties");
            commit.putArray("removed");
        }
        push.set("head_commit", commits.get(1).deepCopy());
        ObjectNode repository = push.putObject("repository");
        repository.put("full_name", "acme/books-api").put("name", "books-api");
        repository.put("clone_url", "https://github.com/acme/books-api.git");
        repository.put("html_url", "https://github.com/acme/books-api").put("default_branch", "main");
        push.putObject("pusher").put("name", "ana").put("email", "ana@example.com");
        try {
            return json.writeValueAsBytes(push);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha(int n) {
        return String.format("%040x", n + 1L);
    }

    private static String hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
