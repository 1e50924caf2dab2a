package io.gitopsflow.gateway;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds push webhooks in the providers' documented shapes and sends them signed, as the providers do. */
final class Webhooks {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ZERO = "0000000000000000000000000000000000000000";

    private Webhooks() {}

    /** One commit of a push: its files and message. */
    record Change(String message, List<String> added, List<String> modified, List<String> removed) {

        static Change touching(String message, String... modified) {
            return new Change(message, List.of(), List.of(modified), List.of());
        }
    }

    static String sha() {
        return HexFormat.of()
                .formatHex(UUID.randomUUID().toString().replace("-", "").getBytes(StandardCharsets.UTF_8))
                .substring(0, 40);
    }

    /** A GitHub (or Gitea: same shape, plus total_commits) push payload. */
    static ObjectNode githubPush(String repository, String ref, List<Change> changes) {
        ObjectNode push = JSON.createObjectNode();
        String before = sha();
        push.put("ref", ref);
        push.put("before", before);
        ArrayNode commits = push.putArray("commits");
        String after = before;
        for (Change change : changes) {
            after = sha();
            ObjectNode commit = commits.addObject();
            commit.put("id", after);
            commit.put("tree_id", sha());
            commit.put("distinct", true);
            commit.put("message", change.message());
            commit.put("timestamp", "2026-11-20T10:15:30+01:00");
            commit.put("url", "https://github.com/" + repository + "/commit/" + after);
            commit.putObject("author")
                    .put("name", "Ana García")
                    .put("email", "ana@example.com")
                    .put("username", "ana");
            commit.putObject("committer").put("name", "GitHub").put("email", "noreply@github.com");
            commit.set("added", JSON.valueToTree(change.added()));
            commit.set("removed", JSON.valueToTree(change.removed()));
            commit.set("modified", JSON.valueToTree(change.modified()));
        }
        push.put("after", after);
        push.put("created", false);
        push.put("deleted", false);
        push.put("forced", false);
        push.put("compare", "https://github.com/" + repository + "/compare/" + before + "..." + after);
        if (!commits.isEmpty()) {
            push.set("head_commit", commits.get(commits.size() - 1).deepCopy());
        }
        ObjectNode repo = push.putObject("repository");
        repo.put("id", 186853002);
        repo.put("name", repository.substring(repository.indexOf('/') + 1));
        repo.put("full_name", repository);
        repo.put("private", false);
        repo.put("html_url", "https://github.com/" + repository);
        repo.put("clone_url", "https://github.com/" + repository + ".git");
        repo.put("default_branch", "main");
        repo.putObject("owner").put("login", repository.substring(0, repository.indexOf('/')));
        push.putObject("pusher")
                .put("name", "ana")
                .put("login", "ana")
                .put("username", "ana")
                .put("email", "ana@example.com");
        push.putObject("sender").put("login", "ana").put("id", 21031067);
        return push;
    }

    /** A Gitea push payload: GitHub's shape, on the Gitea host the test profile allows. */
    static ObjectNode giteaPush(String repository, String ref, List<Change> changes) {
        ObjectNode push = githubPush(repository, ref, changes);
        ObjectNode repo = (ObjectNode) push.get("repository");
        repo.put("html_url", "https://gitea.example.com/" + repository);
        repo.put("clone_url", "https://gitea.example.com/" + repository + ".git");
        return push;
    }

    /** A GitLab push payload; {@code listed} of {@code total} commits are listed. */
    static ObjectNode gitlabPush(String repository, String ref, List<Change> changes, int total) {
        ObjectNode push = JSON.createObjectNode();
        push.put("object_kind", ref.startsWith("refs/tags/") ? "tag_push" : "push");
        push.put("event_name", ref.startsWith("refs/tags/") ? "tag_push" : "push");
        String before = sha();
        push.put("before", before);
        push.put("ref", ref);
        push.put("user_username", "ana");
        push.put("user_name", "Ana García");
        push.put("user_email", "ana@example.com");
        push.put("project_id", 15);
        ObjectNode project = push.putObject("project");
        project.put("id", 15);
        project.put("name", repository.substring(repository.indexOf('/') + 1));
        project.put("web_url", "https://gitlab.example.com/" + repository);
        project.put("git_http_url", "https://gitlab.example.com/" + repository + ".git");
        project.put("path_with_namespace", repository);
        project.put("default_branch", "main");
        ArrayNode commits = push.putArray("commits");
        String after = before;
        for (Change change : changes) {
            after = sha();
            ObjectNode commit = commits.addObject();
            commit.put("id", after);
            commit.put("message", change.message());
            commit.put("title", change.message().lines().findFirst().orElse(""));
            commit.put("timestamp", "2026-11-20T10:15:30+01:00");
            commit.put("url", "https://gitlab.example.com/" + repository + "/-/commit/" + after);
            commit.putObject("author").put("name", "Ana García").put("email", "ana@example.com");
            commit.set("added", JSON.valueToTree(change.added()));
            commit.set("modified", JSON.valueToTree(change.modified()));
            commit.set("removed", JSON.valueToTree(change.removed()));
        }
        push.put("after", after);
        push.put("checkout_sha", after);
        push.put("total_commits_count", total);
        return push;
    }

    static byte[] bytes(ObjectNode payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Response sendGithub(String event, String delivery, byte[] body, String secret) {
        return sendGithub(event, delivery, body, secret, "application/json");
    }

    static Response sendGithub(String event, String delivery, byte[] body, String secret, String contentType) {
        return given().contentType(contentType)
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + hmac(secret, body))
                .header("User-Agent", "GitHub-Hookshot/044aadd")
                .body(body)
                .post("/webhooks/github");
    }

    static Response sendGitea(String delivery, byte[] body, String secret) {
        return given().contentType("application/json")
                .header("X-Gitea-Event", "push")
                .header("X-Gitea-Delivery", delivery)
                .header("X-Gitea-Signature", hmac(secret, body))
                .body(body)
                .post("/webhooks/gitea");
    }

    /**
     * As GitLab 17.4 and later send it: {@code delivery} is the {@code Idempotency-Key}, the same on every retry; the
     * {@code X-Gitlab-Event-UUID} is a fresh one, as on a retry.
     */
    static Response sendGitlab(String event, String delivery, byte[] body, String token) {
        return given().contentType("application/json")
                .header("X-Gitlab-Event", event)
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .header("Idempotency-Key", delivery)
                .header("X-Gitlab-Token", token)
                .body(body)
                .post("/webhooks/gitlab");
    }
}
