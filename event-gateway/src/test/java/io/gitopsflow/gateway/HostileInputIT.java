package io.gitopsflow.gateway;

import static io.gitopsflow.gateway.Webhooks.Change.touching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventSamples;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.Topics;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 17, findings 6 and 8: what a signed or unsigned hostile request can no longer do to the gateway. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "event_gateway"))
class HostileInputIT {

    private static final String BOOKS_SECRET = "books-api-secret";
    private static final String MISMATCH = "X-Hub-Signature-256 does not match the configured secret";
    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aSignedPushWhoseCloneUrlIsALocalPathAnotherHostOrAnotherRepositoryIsRefused() {
        for (String url : List.of(
                "/srv/git/acme/books-api",
                "file:///srv/git/acme/books-api.git",
                "https://evil.example/acme/books-api.git",
                "https://github.com/acme/gitops.git",
                "http://github.com/acme/books-api.git")) {
            ObjectNode push = push("refs/heads/main");
            ((ObjectNode) push.get("repository")).put("clone_url", url);
            String delivery = UUID.randomUUID().toString();
            Webhooks.sendGithub("push", delivery, Webhooks.bytes(push), BOOKS_SECRET)
                    .then()
                    .statusCode(400)
                    .body("reason", startsWith("clone URL "));
            assertThat(publishedFor(delivery)).isEmpty();
        }
    }

    @Test
    void duplicateKeysAreRefusedSoThatTheLastOneCannotWin() {
        String body = new String(Webhooks.bytes(push("refs/heads/main")), StandardCharsets.UTF_8)
                .replace(
                        "\"full_name\":\"acme/books-api\"",
                        "\"full_name\":\"acme/books-api\",\"full_name\":\"acme/gitops\"");
        assertThat(body).contains("\"full_name\":\"acme/gitops\"");
        String delivery = UUID.randomUUID().toString();

        Webhooks.sendGithub("push", delivery, body.getBytes(StandardCharsets.UTF_8), BOOKS_SECRET)
                .then()
                .statusCode(400)
                .body("reason", startsWith("duplicate key \"full_name\" in a JSON object"));
        assertThat(publishedFor(delivery)).isEmpty();
    }

    @Test
    void aDeletedFlagSentAsAStringIsRefusedNotCountedAsNotDeleted() {
        ObjectNode push = push("refs/heads/main");
        push.put("deleted", "true");
        String delivery = UUID.randomUUID().toString();

        Webhooks.sendGithub("push", delivery, Webhooks.bytes(push), BOOKS_SECRET)
                .then()
                .statusCode(400)
                .body("reason", equalTo("field deleted must be a boolean (true or false)"));
        assertThat(publishedFor(delivery)).isEmpty();
    }

    @Test
    void refsThatGitRefusesAsBranchNamesAreRefused() {
        for (String ref : List.of("refs/heads/HEAD", "refs/heads/-x", "refs/tags/-x")) {
            String delivery = UUID.randomUUID().toString();
            Webhooks.sendGithub("push", delivery, Webhooks.bytes(push(ref)), BOOKS_SECRET)
                    .then()
                    .statusCode(400)
                    .body("reason", startsWith("invalid Git ref"));
            assertThat(publishedFor(delivery)).isEmpty();
        }
    }

    @Test
    void anUnauthenticatedCallerOfEventsGetsTheSame401WhateverItSends() {
        byte[] valid = EventCodec.encode(EventSamples.imagePublished());
        Set<String> answers = new HashSet<>();
        for (String[] request : List.of(
                new String[] {"application/json", new String(valid, StandardCharsets.UTF_8)},
                new String[] {"application/cloudevents+json", "{\"specversion\": "},
                new String[] {"application/cloudevents+json", "{\"specversion\":\"1.0\",\"data\":1}"},
                new String[] {"text/plain", "hello"},
                new String[] {"application/json; charset=x-unknown", "{}"})) {
            Response response = given().contentType(request[0])
                    .header("Authorization", "Bearer not-the-token")
                    .header("ce-type", "io.gitopsflow.commit.pushed.v1")
                    .body(request[1].getBytes(StandardCharsets.UTF_8))
                    .post("/events");
            answers.add(response.statusCode() + " " + response.body().asString());
        }
        assertThat(answers)
                .containsExactly(
                        "401 {\"status\":401,\"outcome\":\"rejected\",\"reason\":\"bearer token does not match\"}");
    }

    @Test
    void aGitWebhookWithABadSignatureGetsTheSame401WhateverItsBodySays() {
        Set<String> answers = new HashSet<>();
        for (String body : List.of(
                new String(Webhooks.bytes(push("refs/heads/main")), StandardCharsets.UTF_8),
                "{\"ref\": \"refs/heads/main\", ",
                "{\"repository\": {\"full_name\": \"../../etc\"}}",
                "{\"repository\": {\"full_name\": \"acme/unknown\"}}",
                "[".repeat(5000),
                "not json at all")) {
            Response response = Webhooks.sendGithub(
                    "push", UUID.randomUUID().toString(), body.getBytes(StandardCharsets.UTF_8), "wrong-secret");
            answers.add(response.statusCode() + " " + response.jsonPath().getString("reason"));
        }
        assertThat(answers).containsExactly("401 " + MISMATCH);

        // signed with the default secret, but acme/books-api has its own: refused once its name is read, the same way
        Webhooks.sendGithub(
                        "push",
                        UUID.randomUUID().toString(),
                        Webhooks.bytes(push("refs/heads/main")),
                        "test-default-secret")
                .then()
                .statusCode(401)
                .body("reason", equalTo(MISMATCH));
    }

    @Test
    void aBodyIsDecodedByItsDeclaredCharsetNeverSilentlyAsUtf8() {
        ObjectNode push = push("refs/heads/main");
        String message = "Añade el índice de García";
        ((ObjectNode) push.get("commits").get(0)).put("message", message);
        ((ObjectNode) push.get("head_commit")).put("message", message);
        String json = new String(Webhooks.bytes(push), StandardCharsets.UTF_8);

        for (String charset : List.of("ISO-8859-1", "UTF-16")) {
            byte[] body = json.getBytes(java.nio.charset.Charset.forName(charset));
            String delivery = UUID.randomUUID().toString();
            Webhooks.sendGithub(
                            "push", delivery, body, BOOKS_SECRET, "application/json; charset=" + charset.toLowerCase())
                    .then()
                    .statusCode(202);
            assertThat(awaitPublished(delivery).commits().get(0).message()).isEqualTo(message);
        }

        String misdeclared = UUID.randomUUID().toString();
        Webhooks.sendGithub(
                        "push",
                        misdeclared,
                        json.getBytes(StandardCharsets.UTF_8),
                        BOOKS_SECRET,
                        "application/json; charset=utf-16")
                .then()
                .statusCode(400);
        Webhooks.sendGithub(
                        "push",
                        misdeclared,
                        json.getBytes(StandardCharsets.UTF_8),
                        BOOKS_SECRET,
                        "application/json; charset=x-mac-roman-7")
                .then()
                .statusCode(415)
                .body("reason", startsWith("charset \"x-mac-roman-7\" is not supported"));
        assertThat(publishedFor(misdeclared)).isEmpty();
    }

    @Test
    void deepNestingAnywhereInTheBodyIsRefusedWithTheReason() {
        ObjectNode push = push("refs/heads/main");
        String json = new String(Webhooks.bytes(push), StandardCharsets.UTF_8);
        String deep = json.substring(0, json.length() - 1) + ",\"extra\":" + "[".repeat(100) + "]".repeat(100) + "}";
        String delivery = UUID.randomUUID().toString();

        Webhooks.sendGithub("push", delivery, deep.getBytes(StandardCharsets.UTF_8), BOOKS_SECRET)
                .then()
                .statusCode(400)
                .body("reason", equalTo("JSON nested deeper than 32 levels"));
        assertThat(publishedFor(delivery)).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsAnswered413WithAReason() throws Exception {
        for (String expect : List.of("", "Expect: 100-continue\r\n")) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "X-GitHub-Event: push\r\nContent-Length: " + (6 * 1024 * 1024) + "\r\n" + expect
                                + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write("{\"ref\":".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.setSoTimeout(10_000);
                String answer = readAnswer(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 413").contains("\"reason\":\"the body is larger than");
            }
        }
    }

    private static String readAnswer(InputStream in) throws java.io.IOException {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        for (int read; (read = in.read(buffer)) > 0; ) {
            answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            if (answer.indexOf("}") > 0) {
                break;
            }
        }
        return answer.toString();
    }

    private static ObjectNode push(String ref) {
        return Webhooks.githubPush("acme/books-api", ref, List.of(touching("Change", "src/Change.java")));
    }

    private static CommitPushed awaitPublished(String delivery) {
        return kafka.awaitEvent(
                        EventType.COMMIT_PUSHED, e -> e.data().deliveryId().equals(delivery), Duration.ofSeconds(30))
                .data();
    }

    private static List<CommitPushed> publishedFor(String delivery) {
        return kafka.readAll(Topics.COMMIT_PUSHED, r -> true).stream()
                .map(record -> KafkaTestClient.decode(EventType.COMMIT_PUSHED, record))
                .flatMap(java.util.Optional::stream)
                .map(EventEnvelope::data)
                .filter(push -> push.deliveryId().equals(delivery))
                .toList();
    }
}
