package io.gitopsflow.gateway;

import static io.gitopsflow.gateway.Webhooks.Change.touching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventSamples;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.Topics;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.gateway.Webhooks.Change;
import io.gitopsflow.gateway.service.DeliveryCleanup;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** event-gateway against the real Kafka broker and PostgreSQL: every provider, rule, status and guarantee. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "event_gateway"))
class WebhookIngestionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BOOKS_SECRET = "books-api-secret";
    private static KafkaTestClient kafka;

    @Inject
    DeliveryCleanup cleanup;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void githubPushIsPublishedAsCommitPushedOnlyAfterKafkaAcknowledgedIt() {
        ObjectNode payload = Webhooks.githubPush(
                "acme/books-api", "refs/heads/main", List.of(touching("Add books endpoint", "src/Books.java")));
        byte[] body = Webhooks.bytes(payload);
        String delivery = UUID.randomUUID().toString();

        String eventId = Webhooks.sendGithub("push", delivery, body, BOOKS_SECRET)
                .then()
                .statusCode(202)
                .body("outcome", equalTo("accepted"))
                .body("deliveryId", equalTo(delivery))
                .body("eventIds", hasSize(1))
                .extract()
                .path("eventIds[0]");

        EventEnvelope<CommitPushed> event = kafka.awaitEvent(
                EventType.COMMIT_PUSHED, e -> e.attributes().id().equals(eventId), WAIT);
        CommitPushed push = event.data();
        assertThat(push.provider()).isEqualTo(CommitPushed.GitProvider.GITHUB);
        assertThat(push.deliveryId()).isEqualTo(delivery);
        assertThat(push.repository().fullName()).isEqualTo("acme/books-api");
        assertThat(push.repository().cloneUrl()).isEqualTo("https://github.com/acme/books-api.git");
        assertThat(push.refType()).isEqualTo(CommitPushed.RefType.BRANCH);
        assertThat(push.refName()).isEqualTo("main");
        assertThat(push.after()).isEqualTo(payload.get("after").asText());
        assertThat(push.commits()).singleElement().satisfies(commit -> {
            assertThat(commit.modified()).containsExactly("src/Books.java");
            assertThat(commit.message()).isEqualTo("Add books endpoint");
        });
        assertThat(event.attributes().source().toString()).isEqualTo("/gitops-flow/event-gateway");
        assertThat(event.attributes().correlationId()).isEqualTo(push.after());
        assertThat(event.attributes().subject()).isEqualTo("acme/books-api");
    }

    @Test
    void aRedeliveryAnswersDuplicateAndPublishesNothing() {
        byte[] body = Webhooks.bytes(Webhooks.githubPush(
                "acme/books-api", "refs/heads/main", List.of(touching("Fix typo", "src/Books.java"))));
        String delivery = UUID.randomUUID().toString();

        Webhooks.sendGithub("push", delivery, body, BOOKS_SECRET).then().statusCode(202);
        expectDuplicate(delivery, body);

        assertThat(publishedFor(delivery)).hasSize(1);
    }

    @Test
    void twoCopiesArrivingAtTheSameInstantPublishOnce() throws Exception {
        byte[] body = Webhooks.bytes(
                Webhooks.githubPush("acme/books-api", "refs/heads/main", List.of(touching("Race", "src/Race.java"))));
        String delivery = UUID.randomUUID().toString();
        // more copies than claim statements run at once: some copies meet in one batched claim
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Callable<Integer>> copies = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                copies.add(() -> Webhooks.sendGithub("push", delivery, body, BOOKS_SECRET)
                        .statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(copies)) {
                statuses.add(status.get());
            }
            // a copy that came while the first was being published is told to retry (503), never "duplicate"
            // before the event is published; one that came after it is a duplicate
            assertThat(statuses).containsOnlyOnce(202).filteredOn(s -> s != 202).isSubsetOf(200, 503);
        } finally {
            pool.shutdownNow();
        }
        expectDuplicate(delivery, body);
        assertThat(publishedFor(delivery)).hasSize(1);
    }

    @Test
    void aCopyOfADeliveryStillClaimedIsToldToRetryNotAnsweredDuplicate() throws Exception {
        byte[] body = Webhooks.bytes(Webhooks.githubPush(
                "acme/books-api", "refs/heads/main", List.of(touching("Claimed", "src/Claimed.java"))));
        String delivery = UUID.randomUUID().toString();
        String key = "github:" + delivery;
        // as an instance leaves it when Kafka did not take the event and the database could not take the claim back
        // (or when the instance died in between): claimed, never published
        try (Connection connection = TestPostgres.shared().connect("event_gateway")) {
            connection
                    .createStatement()
                    .execute("insert into webhook_delivery (delivery_key, source, status, claimed_at) values ('" + key
                            + "', 'github', 'CLAIMED', now())");
        }
        Webhooks.sendGithub("push", delivery, body, BOOKS_SECRET)
                .then()
                .statusCode(503)
                .body("reason", containsString("still being published"));

        // once the claim is stale (its request long gone), the retry publishes it
        try (Connection connection = TestPostgres.shared().connect("event_gateway")) {
            connection
                    .createStatement()
                    .execute("update webhook_delivery set claimed_at = now() - interval '1 hour' where delivery_key = '"
                            + key + "'");
        }
        Webhooks.sendGithub("push", delivery, body, BOOKS_SECRET).then().statusCode(202);
        assertThat(publishedFor(delivery)).hasSize(1);
    }

    @Test
    void concurrentDeliveriesAreEachRecordedPublishedWithTheirOwnEventId() throws Exception {
        int deliveries = 40;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        java.util.Map<String, String> eventIds = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            List<Callable<Integer>> webhooks = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                byte[] body = Webhooks.bytes(Webhooks.githubPush(
                        "acme/books-api", "refs/heads/main", List.of(touching("Batch " + i, "src/B" + i + ".java"))));
                String delivery = UUID.randomUUID().toString();
                webhooks.add(() -> {
                    Response response = Webhooks.sendGithub("push", delivery, body, BOOKS_SECRET);
                    eventIds.put("github:" + delivery, response.jsonPath().getString("eventIds[0]"));
                    return response.statusCode();
                });
            }
            for (Future<Integer> status : pool.invokeAll(webhooks)) {
                assertThat(status.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }
        // the bookkeeping is written in batches after the answers: wait for it, then compare row by row
        try (Connection connection = TestPostgres.shared().connect("event_gateway")) {
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                java.util.Map<String, String> recorded = new java.util.HashMap<>();
                try (var statement = connection.prepareStatement("select delivery_key, event_id from webhook_delivery"
                        + " where status = 'PUBLISHED' and delivery_key = any(?)")) {
                    statement.setArray(
                            1,
                            connection.createArrayOf(
                                    "varchar", eventIds.keySet().toArray()));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            recorded.put(rows.getString(1), rows.getString(2));
                        }
                    }
                }
                assertThat(recorded).isEqualTo(eventIds);
            });
        }
    }

    @Test
    void giteaAndGitlabPushesAreNormalizedIntoTheSameRecord() {
        ObjectNode gitea = Webhooks.giteaPush(
                "acme/inventory", "refs/heads/main", List.of(touching("One", "a.txt"), touching("Two", "b.txt")));
        gitea.put("total_commits", 7);
        String giteaDelivery = UUID.randomUUID().toString();
        String giteaEvent = Webhooks.sendGitea(giteaDelivery, Webhooks.bytes(gitea), "test-default-secret")
                .then()
                .statusCode(202)
                .extract()
                .path("eventIds[0]");
        CommitPushed fromGitea = kafka.awaitEvent(
                        EventType.COMMIT_PUSHED, e -> e.attributes().id().equals(giteaEvent), WAIT)
                .data();
        assertThat(fromGitea.provider()).isEqualTo(CommitPushed.GitProvider.GITEA);
        assertThat(fromGitea.commitsTruncated()).isTrue();
        assertThat(fromGitea.totalCommits()).isEqualTo(7);

        ObjectNode gitlab =
                Webhooks.gitlabPush("acme/gitlab-app", "refs/tags/v1.4.0", List.of(touching("Release", "x")), 23);
        String gitlabEvent = Webhooks.sendGitlab(
                        "Tag Push Hook", UUID.randomUUID().toString(), Webhooks.bytes(gitlab), "gitlab-token")
                .then()
                .statusCode(202)
                .extract()
                .path("eventIds[0]");
        CommitPushed fromGitlab = kafka.awaitEvent(
                        EventType.COMMIT_PUSHED, e -> e.attributes().id().equals(gitlabEvent), WAIT)
                .data();
        assertThat(fromGitlab.provider()).isEqualTo(CommitPushed.GitProvider.GITLAB);
        assertThat(fromGitlab.refType()).isEqualTo(CommitPushed.RefType.TAG);
        assertThat(fromGitlab.refName()).isEqualTo("v1.4.0");
        assertThat(fromGitlab.commitsTruncated()).isTrue();
        assertThat(fromGitlab.totalCommits()).isEqualTo(23);
    }

    @Test
    void authenticationFailuresAnswer401AndPublishNothing() {
        byte[] body = Webhooks.bytes(
                Webhooks.githubPush("acme/books-api", "refs/heads/main", List.of(touching("x", "src/X.java"))));
        String delivery = UUID.randomUUID().toString();

        Webhooks.sendGithub("push", delivery, body, "wrong-secret")
                .then()
                .statusCode(401)
                .body("reason", equalTo("X-Hub-Signature-256 does not match the configured secret"))
                .body(org.hamcrest.Matchers.not(containsString("books-api-secret")));
        given().contentType("application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .body(body)
                .post("/webhooks/github")
                .then()
                .statusCode(401)
                .body("reason", equalTo("missing X-Hub-Signature-256 header"));
        Webhooks.sendGitea(delivery, body, BOOKS_SECRET + "x").then().statusCode(401);
        Webhooks.sendGitlab(
                        "Push Hook",
                        delivery,
                        Webhooks.bytes(Webhooks.gitlabPush(
                                "acme/gitlab-app", "refs/heads/main", List.of(touching("x", "y")), 1)),
                        "not-the-token")
                .then()
                .statusCode(401)
                .body("reason", equalTo("X-Gitlab-Token does not match the configured secret"));

        assertThat(publishedFor(delivery)).isEmpty();
    }

    @Test
    void badInputGetsAClearClientErrorNeverAServerError() throws Exception {
        byte[] malformed = "{\"ref\": \"refs/heads/main\", ".getBytes(StandardCharsets.UTF_8);
        Webhooks.sendGithub("push", UUID.randomUUID().toString(), malformed, BOOKS_SECRET)
                .then()
                .statusCode(400)
                .body("reason", startsWith("malformed JSON at line 1"));

        ObjectNode missingAfter = Webhooks.githubPush("acme/books-api", "refs/heads/main", List.of());
        missingAfter.remove("after");
        Webhooks.sendGithub("push", UUID.randomUUID().toString(), Webhooks.bytes(missingAfter), BOOKS_SECRET)
                .then()
                .statusCode(400)
                .body("reason", containsString("after"));

        ObjectNode injected = Webhooks.githubPush("acme/books-api", "refs/heads/main\nimage: evil", List.of());
        Webhooks.sendGithub("push", UUID.randomUUID().toString(), Webhooks.bytes(injected), BOOKS_SECRET)
                .then()
                .statusCode(400);

        // the signature first: an unsigned body gets 401 whatever its type; a signed one of another type 415
        given().contentType("text/plain")
                .header("X-GitHub-Event", "push")
                .body("hello")
                .post("/webhooks/github")
                .then()
                .statusCode(401);
        Webhooks.sendGithub(
                        "push",
                        UUID.randomUUID().toString(),
                        "hello".getBytes(StandardCharsets.UTF_8),
                        BOOKS_SECRET,
                        "text/plain")
                .then()
                .statusCode(415)
                .body("reason", containsString("application/json"));

        // a body announced over the limit gets 413 with a reason before it is sent: see HostileInputIT, which speaks
        // HTTP on a raw socket; JDK 17's HttpClient was seen to wait forever for a 413 that has a body when it sent
        // Expect: 100-continue

        given().contentType("application/json")
                .body("{}")
                .post("/webhooks/azure-devops")
                .then()
                .statusCode(404)
                .body("reason", containsString("unknown provider"));
    }

    @Test
    void pingsAndUnhandledEventsAreAnsweredWithoutPublishing() {
        byte[] ping =
                "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1,\"repository\":{\"full_name\":\"acme/books-api\"}}"
                        .getBytes(StandardCharsets.UTF_8);
        Webhooks.sendGithub("ping", UUID.randomUUID().toString(), ping, BOOKS_SECRET)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("pong"));

        byte[] issue = Webhooks.bytes(Webhooks.githubPush("acme/books-api", "refs/heads/main", List.of()));
        Webhooks.sendGithub("issues", UUID.randomUUID().toString(), issue, BOOKS_SECRET)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"))
                .body("reason", equalTo("event issues is not handled"));

        ObjectNode deletion = Webhooks.githubPush("acme/books-api", "refs/heads/feature", List.of());
        deletion.put("deleted", true);
        deletion.put("after", Webhooks.ZERO);
        String delivery = UUID.randomUUID().toString();
        Webhooks.sendGithub("push", delivery, Webhooks.bytes(deletion), BOOKS_SECRET)
                .then()
                .statusCode(200)
                .body("reason", equalTo("branch deletions do not trigger"));
        assertThat(publishedFor(delivery)).isEmpty();
    }

    @Test
    void sensorRulesDecideWhatTriggers() {
        expectIgnored(
                "acme/books-api",
                "refs/heads/feature/x",
                List.of(touching("wip", "src/A.java")),
                "branch feature/x does not match sensor books branches [main, release/*]");
        expectIgnored(
                "acme/books-api",
                "refs/tags/nightly",
                List.of(touching("tag", "src/A.java")),
                "tag nightly does not match sensor books tags [v*]");
        expectIgnored(
                "acme/books-api",
                "refs/heads/main",
                List.of(touching("Docs only [skip ci]", "src/A.java")),
                "head commit message asks to skip CI");
        expectIgnored(
                "acme/books-api",
                "refs/heads/main",
                List.of(touching("Docs", "docs/guide/intro.adoc", "README.md")),
                "none of the 2 changed files matches sensor books paths");
        expectIgnored(
                "acme/only-src",
                "refs/heads/main",
                List.of(touching("Tooling", "build.gradle")),
                "none of the 1 changed files matches sensor only-src paths");
        expectIgnored(
                "other/app",
                "refs/heads/main",
                List.of(touching("x", "src/A.java")),
                "no sensor matches repository other/app");

        expectAccepted("acme/books-api", "refs/heads/release/1.4", List.of(touching("Fix", "docs/a.md", "src/A.java")));
        expectAccepted("acme/books-api", "refs/tags/v1.4.0", List.of(touching("Release", "src/A.java")));
        expectAccepted("acme/only-src", "refs/heads/main", List.of(touching("Code", "src/main/App.java")));
        // a truncated commit list cannot be filtered by path: let it through
        ObjectNode truncated =
                Webhooks.giteaPush("acme/only-src", "refs/heads/main", List.of(touching("x", "build.gradle")));
        truncated.put("total_commits", 9);
        Webhooks.sendGitea(UUID.randomUUID().toString(), Webhooks.bytes(truncated), "test-default-secret")
                .then()
                .statusCode(202);
    }

    @Test
    void registryNotificationsPublishTaggedManifestPushesOnly() {
        String digest = "sha256:" + "ab".repeat(32);
        String envelope = """
                {"events": [
                  {"id": "%1$s-1", "timestamp": "2026-11-20T10:15:30.123Z", "action": "push",
                   "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1234,
                     "digest": "%2$s", "length": 1234, "repository": "acme/books-api",
                     "url": "http://registry.local:5000/v2/acme/books-api/manifests/%2$s", "tag": "1.4.0"},
                   "request": {"id": "r1", "addr": "10.0.0.7:5555", "host": "registry.local:5000", "method": "PUT",
                     "useragent": "jib/0.28.1"},
                   "actor": {"name": "ci"}, "source": {"addr": "registry:5000", "instanceID": "i"}},
                  {"id": "%1$s-2", "timestamp": "2026-11-20T10:15:31Z", "action": "pull",
                   "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%2$s",
                     "repository": "acme/books-api", "tag": "1.4.0",
                     "url": "http://registry.local:5000/v2/acme/books-api/manifests/%2$s"},
                   "request": {"host": "registry.local:5000", "method": "GET"}}
                ]}
                """.formatted(UUID.randomUUID(), digest);

        given().contentType("application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer wrong")
                .body(envelope)
                .post("/webhooks/registry")
                .then()
                .statusCode(401);

        String eventId = given().contentType("application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer registry-token")
                .body(envelope)
                .post("/webhooks/registry")
                .then()
                .statusCode(202)
                .body("eventIds", hasSize(1))
                .extract()
                .path("eventIds[0]");
        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED, e -> e.attributes().id().equals(eventId), WAIT)
                .data();
        assertThat(image.imageRepository()).isEqualTo("registry.local:5000/acme/books-api");
        assertThat(image.tags()).containsExactly("1.4.0");
        assertThat(image.digest()).isEqualTo(digest);
        assertThat(image.origin()).isEqualTo(ImagePublished.Origin.REGISTRY);

        given().contentType("application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer registry-token")
                .body(envelope)
                .post("/webhooks/registry")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));
    }

    @Test
    void externalBuildsAnnounceImagesAsCloudEventsInBothContentModes() {
        ImagePublished image = EventSamples.imagePublished();
        String binaryId = UUID.randomUUID().toString();
        String published = given().contentType("application/json")
                .header("Authorization", "Bearer events-token")
                .header("ce-specversion", "1.0")
                .header("ce-id", binaryId)
                .header("ce-source", "https://github.com/acme/books-api/actions")
                .header("ce-type", "io.gitopsflow.image.published.v1")
                .header("ce-time", "2026-11-20T10:15:30Z")
                .body(EventCodec.encode(image))
                .post("/events")
                .then()
                .statusCode(202)
                .extract()
                .path("eventIds[0]");
        assertThat(kafka.awaitEvent(
                                EventType.IMAGE_PUBLISHED,
                                e -> e.attributes().id().equals(published),
                                WAIT)
                        .data())
                .isEqualTo(image);

        String structured =
                """
                {"specversion": "1.0", "id": "%s", "source": "https://ci.example.com", "time": "2026-11-20T10:15:30Z",
                 "type": "io.gitopsflow.image.published.v1", "datacontenttype": "application/json", "data": %s}
                """.formatted(UUID.randomUUID(), new String(EventCodec.encode(image), StandardCharsets.UTF_8));
        given().contentType("application/cloudevents+json")
                .header("Authorization", "Bearer events-token")
                .body(structured)
                .post("/events")
                .then()
                .statusCode(202);
        given().contentType("application/cloudevents+json")
                .header("Authorization", "Bearer events-token")
                .body(structured)
                .post("/events")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));

        given().contentType("application/json")
                .header("Authorization", "Bearer events-token")
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "https://ci.example.com")
                .header("ce-type", "io.gitopsflow.commit.pushed.v1")
                .header("ce-time", "2026-11-20T10:15:30Z")
                .body(EventCodec.encode(image))
                .post("/events")
                .then()
                .statusCode(400)
                .body("reason", containsString("only io.gitopsflow.image.published.v1"));
        given().contentType("application/json")
                .header("Authorization", "Bearer events-token")
                .header("ce-specversion", "1.0")
                .header("ce-source", "https://ci.example.com")
                .header("ce-type", "io.gitopsflow.image.published.v1")
                .header("ce-time", "2026-11-20T10:15:30Z")
                .body(EventCodec.encode(image))
                .post("/events")
                .then()
                .statusCode(400)
                .body("reason", equalTo("missing CloudEvent attribute id"));
        given().contentType("application/json")
                .header("Authorization", "Bearer events-token")
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "https://ci.example.com")
                .header("ce-type", "io.gitopsflow.image.published.v1")
                .header("ce-time", "2026-11-20T10:15:30Z")
                .body(new String(EventCodec.encode(image), StandardCharsets.UTF_8).replace(image.digest(), "sha256:1"))
                .post("/events")
                .then()
                .statusCode(400)
                .body("reason", containsString("digest"));
    }

    @Test
    void servesHealthMetricsAndOpenApi() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL connections health check"))
                .body(containsString("SmallRye Reactive Messaging - readiness check"))
                .body(containsString("commit-pushed"));
        Webhooks.sendGithub(
                        "ping",
                        UUID.randomUUID().toString(),
                        "{\"zen\":\"z\",\"repository\":{\"full_name\":\"acme/books-api\"}}"
                                .getBytes(StandardCharsets.UTF_8),
                        BOOKS_SECRET)
                .then()
                .statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("gitopsflow_gateway_webhooks_total{"))
                .body(containsString("gitopsflow_gateway_webhook_latency_seconds"));
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("/webhooks/{provider}"))
                .body(containsString("/webhooks/registry"))
                .body(containsString("/events"));
    }

    @Test
    void forgetsDeliveriesPastTheRetentionWindow() throws Throwable {
        String old = "github:" + UUID.randomUUID();
        try (Connection connection = TestPostgres.shared().connect("event_gateway")) {
            connection
                    .createStatement()
                    .execute("insert into webhook_delivery (delivery_key, source, status, claimed_at)" + " values ('"
                            + old + "', 'github', 'PUBLISHED', now() - interval '8 days')");
            // the scheduled cleanup (a minute after start) may forget it first on a slow machine: the row must go
            long forgotten = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> cleanup.forgetExpired());
            assertThat(forgotten).isNotNegative();
            try (ResultSet rows = connection
                    .createStatement()
                    .executeQuery("select count(*) from webhook_delivery where delivery_key = '" + old + "'")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    private static void expectDuplicate(String delivery, byte[] body) {
        Webhooks.sendGithub("push", delivery, body, BOOKS_SECRET)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("duplicate"));
    }

    private void expectIgnored(String repository, String ref, List<Change> changes, String reason) {
        String delivery = UUID.randomUUID().toString();
        byte[] body = Webhooks.bytes(Webhooks.githubPush(repository, ref, changes));
        Webhooks.sendGithub("push", delivery, body, secretOf(repository))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ignored"))
                .body("reason", equalTo(reason));
    }

    private void expectAccepted(String repository, String ref, List<Change> changes) {
        byte[] body = Webhooks.bytes(Webhooks.githubPush(repository, ref, changes));
        Response response = Webhooks.sendGithub("push", UUID.randomUUID().toString(), body, secretOf(repository));
        response.then().statusCode(202);
    }

    private static String secretOf(String repository) {
        return repository.equals("acme/books-api") ? BOOKS_SECRET : "test-default-secret";
    }

    private List<CommitPushed> publishedFor(String delivery) {
        return kafka.readAll(Topics.COMMIT_PUSHED, r -> true).stream()
                .map(record -> KafkaTestClient.decode(EventType.COMMIT_PUSHED, record))
                .flatMap(java.util.Optional::stream)
                .map(EventEnvelope::data)
                .filter(push -> push.deliveryId().equals(delivery))
                .toList();
    }
}
