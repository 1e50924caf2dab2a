package io.gitopsflow.gateway;

import static io.gitopsflow.gateway.Webhooks.Change.touching;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.EventSamples;
import io.gitopsflow.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Builds hostile requests for every gateway endpoint from a seed: each one carries at least one defect (a bad
 * signature or token, duplicate keys, a wrong type, deep nesting, a huge id, a bad ref or clone URL, an odd charset,
 * truncated JSON, random bytes), so none of them may be accepted.
 */
final class HostileRequests {

    /** One request: what it tries, where it goes, its headers and body. */
    record Hostile(String category, String path, Map<String, String> headers, byte[] body) {}

    /** A Git provider's endpoint, its headers and the repository its signed payloads name. */
    private record Provider(
            String segment, String repository, String secret, String eventHeader, String event, String idHeader) {}

    static final List<String> GIT_CATEGORIES = List.of(
            "bad-signature",
            "duplicate-key",
            "wrong-type",
            "deep-nesting",
            "huge-id",
            "bad-ref",
            "bad-clone-url",
            "odd-charset",
            "truncated-json",
            "random-bytes");
    static final List<String> REGISTRY_CATEGORIES = List.of(
            "bad-token",
            "duplicate-key",
            "wrong-type",
            "deep-nesting",
            "huge-id",
            "odd-charset",
            "truncated-json",
            "random-bytes");
    static final List<String> EVENTS_CATEGORIES = List.of(
            "bad-token",
            "duplicate-key",
            "wrong-type",
            "deep-nesting",
            "huge-id",
            "odd-charset",
            "truncated-json",
            "random-bytes");

    private static final List<Provider> PROVIDERS = List.of(
            new Provider("github", "acme/books-api", "books-api-secret", "X-GitHub-Event", "push", "X-GitHub-Delivery"),
            new Provider("gitea", "acme/inventory", "test-default-secret", "X-Gitea-Event", "push", "X-Gitea-Delivery"),
            new Provider(
                    "gitlab", "acme/gitlab-app", "gitlab-token", "X-Gitlab-Event", "Push Hook", "Idempotency-Key"));
    private static final List<String> BAD_REFS = List.of(
            "refs/heads/HEAD",
            "refs/heads/-x",
            "refs/tags/-v1",
            "refs/heads/a..b",
            "main",
            "refs/heads/x.lock",
            "refs/remotes/origin/main",
            "refs/heads/a b",
            "refs/heads/x\nimage: evil",
            "refs/heads/",
            "refs/heads/" + "x".repeat(300));
    private static final List<String> ODD_TYPES = List.of(
            "application/json; charset=x-unknown",
            "application/json; charset=utf-16",
            "application/json; charset=utf-32",
            "application/json; charset=ebcdic-cp-us",
            "text/plain");

    private final Random random;

    HostileRequests(long seed) {
        this.random = new Random(seed);
    }

    /** The next hostile request, for an endpoint and category chosen by the seed. */
    Hostile next() {
        int endpoint = random.nextInt(5);
        if (endpoint < 3) {
            return git(PROVIDERS.get(endpoint), pick(GIT_CATEGORIES));
        }
        return endpoint == 3 ? registry(pick(REGISTRY_CATEGORIES)) : events(pick(EVENTS_CATEGORIES));
    }

    private Hostile git(Provider provider, String category) {
        ObjectNode push = provider.segment().equals("gitlab")
                ? Webhooks.gitlabPush(provider.repository(), "refs/heads/main", List.of(touching("x", "src/X.java")), 1)
                : provider.segment().equals("gitea")
                        ? Webhooks.giteaPush(provider.repository(), "refs/heads/main", List.of(touching("x", "a.txt")))
                        : Webhooks.githubPush(provider.repository(), "refs/heads/main", List.of(touching("x", "a")));
        boolean gitlab = provider.segment().equals("gitlab");
        ObjectNode repository = (ObjectNode) push.get(gitlab ? "project" : "repository");
        String contentType = "application/json";
        String deliveryId = UUID.randomUUID().toString();
        switch (category) {
            case "bad-ref" -> push.put("ref", pick(BAD_REFS));
            case "bad-clone-url" -> repository.put(gitlab ? "git_http_url" : "clone_url", badCloneUrl(provider));
            case "wrong-type" ->
                wrongType(push, repository, gitlab, provider.segment().equals("github"));
            case "huge-id" -> deliveryId = pick(List.of("x".repeat(10_000), "y".repeat(201), "a b", "id\u00e9"));
            case "odd-charset" -> contentType = pick(ODD_TYPES);
            default -> {}
        }
        byte[] body = bodyFor(category, Webhooks.bytes(push), gitlab ? "path_with_namespace" : "full_name");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put(provider.eventHeader(), provider.event());
        headers.put(provider.idHeader(), deliveryId);
        String secret = category.equals("bad-signature") ? pick(List.of("wrong", "", provider.secret() + "x")) : null;
        sign(provider, headers, body, secret == null ? provider.secret() : secret);
        return new Hostile(category, "/webhooks/" + provider.segment(), headers, body);
    }

    private void sign(Provider provider, Map<String, String> headers, byte[] body, String secret) {
        switch (provider.segment()) {
            case "github" ->
                headers.put("X-Hub-Signature-256", "sha256=" + Webhooks.hmac(secret.isEmpty() ? "k" : secret, body));
            case "gitea" -> headers.put("X-Gitea-Signature", secret.isEmpty() ? "" : Webhooks.hmac(secret, body));
            default -> headers.put("X-Gitlab-Token", secret);
        }
    }

    private String badCloneUrl(Provider provider) {
        String host = switch (provider.segment()) {
            case "gitlab" -> "gitlab.example.com";
            case "gitea" -> "gitea.example.com";
            default -> "github.com";
        };
        return pick(List.of(
                "/srv/git/" + provider.repository(),
                "file:///srv/git/" + provider.repository() + ".git",
                "https://evil.example/" + provider.repository() + ".git",
                "https://" + host + "/acme/gitops.git",
                "http://" + host + "/" + provider.repository() + ".git",
                "ssh://git@" + host + "/" + provider.repository() + ".git",
                "https://user:token@" + host + "/" + provider.repository() + ".git",
                "https://" + host + "/" + provider.repository() + ".git?x=1",
                "https://" + host + ".evil.example/" + provider.repository() + ".git"));
    }

    private void wrongType(ObjectNode push, ObjectNode repository, boolean gitlab, boolean github) {
        ObjectNode commit = (ObjectNode) push.get("commits").get(0);
        // only GitHub reads "deleted"; the other providers ignore the field, whatever its type
        switch (random.nextInt(github ? 7 : 6)) {
            case 0 -> push.put("ref", 123);
            case 1 -> push.put("before", true);
            case 2 -> push.putArray("after").add("x");
            case 3 -> push.put("commits", "x");
            case 4 -> commit.put("timestamp", true);
            case 5 -> commit.put("message", 5);
            default -> push.put("deleted", "true");
        }
        if (random.nextInt(4) == 0) {
            repository.put(gitlab ? "git_http_url" : "clone_url", 42);
        }
    }

    private Hostile registry(String category) {
        String digest = "sha256:" + "ab".repeat(32);
        String repository =
                category.equals("huge-id") ? "acme/" + "r".repeat(random.nextInt(10_000) + 300) : "acme/app";
        Object tag = category.equals("wrong-type") ? (Object) 5 : category.equals("huge-id") ? "t".repeat(129) : "1.0";
        String envelope = ("{\"events\":[{\"id\":\"e\",\"timestamp\":\"2026-11-20T10:15:30Z\",\"action\":\"push\","
                        + "\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\","
                        + "\"repository\":\"%s\",\"tag\":%s},\"request\":{\"host\":\"registry.local:5000\"}}]}")
                .formatted(digest, repository, tag instanceof String text ? "\"" + text + "\"" : tag);
        if (category.equals("huge-id") && random.nextBoolean()) {
            envelope =
                    envelope.replace("\"1.0\"", "\"" + "t".repeat(129) + "\"").replace(repository, "acme/app");
        }
        byte[] body = bodyFor(category, envelope.getBytes(StandardCharsets.UTF_8), "repository");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Content-Type",
                category.equals("odd-charset")
                        ? pick(ODD_TYPES)
                        : "application/vnd.docker.distribution.events.v1+json");
        headers.put(
                "Authorization",
                category.equals("bad-token") ? "Bearer " + UUID.randomUUID() : "Bearer registry-token");
        return new Hostile(category, "/webhooks/registry", headers, body);
    }

    private Hostile events(String category) {
        String data = new String(EventCodec.encode(EventSamples.imagePublished()), StandardCharsets.UTF_8);
        String id = category.equals("huge-id")
                ? pick(List.of("i".repeat(10_000), "a b", "j".repeat(201)))
                : UUID.randomUUID().toString();
        String source = category.equals("huge-id") && random.nextBoolean()
                ? "https://ci.example/" + "s".repeat(400)
                : "https://ci.example";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Authorization",
                category.equals("bad-token") ? pick(List.of("Bearer x", "Basic eA==", "")) : "Bearer events-token");
        byte[] body;
        if (random.nextBoolean()) {
            String idValue = category.equals("wrong-type") ? "5" : "\"" + id + "\"";
            String structured = ("{\"specversion\":\"1.0\",\"id\":%s,\"source\":\"%s\",\"type\":"
                            + "\"io.gitopsflow.image.published.v1\",\"data\":%s}")
                    .formatted(idValue, source, data);
            headers.put(
                    "Content-Type", category.equals("odd-charset") ? pick(ODD_TYPES) : "application/cloudevents+json");
            body = bodyFor(category, structured.getBytes(StandardCharsets.UTF_8), "specversion");
        } else {
            headers.put("Content-Type", category.equals("odd-charset") ? pick(ODD_TYPES) : "application/json");
            headers.put("ce-specversion", "1.0");
            headers.put("ce-id", id);
            headers.put("ce-source", source);
            headers.put(
                    "ce-type",
                    category.equals("wrong-type")
                            ? "io.gitopsflow.commit.pushed.v1"
                            : "io.gitopsflow.image.published.v1");
            body = bodyFor(category, data.getBytes(StandardCharsets.UTF_8), "digest");
        }
        return new Hostile(category, "/events", headers, body);
    }

    /** The body for a body-level category (duplicate key, deep nesting, truncation, random bytes); else as given. */
    private byte[] bodyFor(String category, byte[] valid, String duplicableKey) {
        String json = new String(valid, StandardCharsets.UTF_8);
        return switch (category) {
            case "duplicate-key" -> {
                String key = "\"" + duplicableKey + "\":";
                int at = json.indexOf(key);
                yield (json.substring(0, at) + key + "\"dup\"," + json.substring(at)).getBytes(StandardCharsets.UTF_8);
            }
            case "deep-nesting" -> {
                int depth = 33 + random.nextInt(5000);
                String nest = random.nextBoolean()
                        ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                yield (json.substring(0, json.length() - 1) + ",\"extra\":" + nest + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "truncated-json" -> java.util.Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 2));
            case "random-bytes" -> {
                byte[] bytes = new byte[1 + random.nextInt(2000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> valid;
        };
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
