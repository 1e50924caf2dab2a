package io.gitopsflow.local.hostile;

import io.gitopsflow.local.hostile.HostileRequests.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pushes a Git host would never send, most of them correctly signed with the webhook secret (so they get past the
 * signature and test what comes after it): a {@code clone_url} of another host, a local path or another repository,
 * duplicate keys, a string where a boolean belongs, refs git refuses, an overlong delivery id, a lying charset, deep
 * nesting; and pushes with a wrong or missing signature. Each mutates one real push of the sample application, so a
 * request the gateway wrongly accepts would be published and caught by the test.
 */
public final class WebhookAttacks {

    /** The status of a request over the body limit whose connection the server closed while the body was sent. */
    public static final int CLOSED_WHILE_SENDING = 0;

    private static final List<String> MUTATIONS = List.of(
            "clone_url file:",
            "clone_url local path",
            "clone_url other host",
            "clone_url other repository",
            "duplicate full_name",
            "deleted as a string",
            "ref HEAD",
            "ref -x",
            "ref overlong",
            "after not a sha",
            "nested 20,000 deep",
            "body of 6 MB");

    private final HttpClient http = HttpClient.newBuilder()
            // as Git hosts and registries send them: HTTP/1.1, no upgrade to HTTP/2
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Random random;
    private final String gatewayUrl;
    private final String secret;

    public WebhookAttacks(long seed, String gatewayUrl, String secret) {
        this.random = new Random(seed);
        this.gatewayUrl = gatewayUrl;
        this.secret = secret;
    }

    /** {@code count} attacks built on {@code push}, a real push body of the sample application. */
    public List<Outcome> attack(String push, String repositoryUrl, int count) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(MUTATIONS.size() + 4);
            if (kind < MUTATIONS.size()) {
                String mutation = MUTATIONS.get(kind);
                byte[] body = mutate(mutation, push, repositoryUrl).getBytes(StandardCharsets.UTF_8);
                outcomes.add(github(mutation, body, UUID.randomUUID().toString(), "application/json", true));
            } else {
                byte[] body = push.getBytes(StandardCharsets.UTF_8);
                outcomes.add(
                        switch (kind - MUTATIONS.size()) {
                            case 0 ->
                                github("delivery id of 10,000", body, "d".repeat(10_000), "application/json", true);
                            case 1 ->
                                github(
                                        "charset utf-16 on UTF-8",
                                        body,
                                        uuid(),
                                        "application/json; charset=utf-16",
                                        true);
                            case 2 -> github("wrong signature", body, uuid(), "application/json", false);
                            default -> otherProvider(body);
                        });
            }
        }
        return outcomes;
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static String mutate(String mutation, String push, String repositoryUrl) {
        String cloneUrl = "\"clone_url\":\"" + repositoryUrl + "\"";
        UnaryOperator<String> ref = value -> push.replace("\"ref\":\"refs/heads/main\"", "\"ref\":\"" + value + "\"");
        return switch (mutation) {
            case "clone_url file:" -> push.replace(cloneUrl, "\"clone_url\":\"file:///etc\"");
            case "clone_url local path" -> push.replace(cloneUrl, "\"clone_url\":\"/work\"");
            case "clone_url other host" ->
                push.replace(cloneUrl, "\"clone_url\":\"http://evil.example.com/acme/books-api.git\"");
            case "clone_url other repository" ->
                push.replace(cloneUrl, "\"clone_url\":\"" + repositoryUrl.replace("books-api", "gitops") + "\"");
            case "duplicate full_name" ->
                push.replace(
                        "\"full_name\":\"acme/books-api\"",
                        "\"full_name\":\"acme/books-api\",\"full_name\":\"acme/gitops\"");
            case "deleted as a string" -> push.replace("\"deleted\":false", "\"deleted\":\"false\"");
            case "ref HEAD" -> ref.apply("refs/heads/HEAD");
            case "ref -x" -> ref.apply("refs/heads/-x");
            case "ref overlong" -> ref.apply("refs/heads/" + "a".repeat(400));
            case "after not a sha" -> push.replaceFirst("\"after\":\"[0-9a-f]{40}\"", "\"after\":\"zzz\"");
            case "nested 20,000 deep" -> "{\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
            default -> push.replace("\"sender\":{", "\"padding\":\"" + "x".repeat(6 << 20) + "\",\"sender\":{");
        };
    }

    private Outcome github(String attack, byte[] body, String delivery, String contentType, boolean signed) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/webhooks/github"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + hmac(signed ? secret : "not-the-secret", body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send("POST /webhooks/github", attack, request.build());
    }

    private Outcome otherProvider(byte[] body) {
        boolean gitlab = random.nextBoolean();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(gatewayUrl + (gitlab ? "/webhooks/gitlab" : "/webhooks/gitea")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gitlab) {
            request.header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", "not-the-secret");
        } else {
            request.header("X-Gitea-Event", "push")
                    .header("X-Gitea-Delivery", uuid())
                    .header("X-Gitea-Signature", hmac("not-the-secret", body));
        }
        return send(gitlab ? "POST /webhooks/gitlab" : "POST /webhooks/gitea", "wrong secret", request.build());
    }

    private Outcome send(String operation, String attack, HttpRequest request) {
        String[] parts = operation.split(" ");
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome("event-gateway", parts[0], parts[1], attack, response.statusCode(), response.body());
        } catch (IOException e) {
            // a body over the limit may be cut off by the server's 413 and close before the client reads the answer
            int status = attack.equals("body of 6 MB") ? CLOSED_WHILE_SENDING : -1;
            return new Outcome("event-gateway", parts[0], parts[1], attack, status, "no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
