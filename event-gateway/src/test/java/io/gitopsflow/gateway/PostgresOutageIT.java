package io.gitopsflow.gateway;

import static io.gitopsflow.gateway.Webhooks.Change.touching;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.OutagePostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped for 10 s while pushes arrive: the gateway cannot remember a delivery, so it acknowledges none of
 * them (503, which the Git host redelivers) rather than a 2xx that would lose the push; once the database is back,
 * the redelivery of each is published to commit-pushed exactly once.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = OutagePostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "event_gateway_outage"))
class PostgresOutageIT {

    /** The pushes meet it a second apart; the gateway retries nothing over time, so a longer outage shows no more. */
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private static final int PUSHES = 9;
    /** The provider's redeliveries right after the restart may still meet a connection of the outage: retried. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private static KafkaTestClient kafka;

    /** One push of one provider, as the provider delivers it (and delivers it again). */
    private record Push(String provider, String delivery, byte[] body) {

        Response send() {
            return switch (provider) {
                case "github" -> Webhooks.sendGithub("push", delivery, body, "books-api-secret");
                case "gitea" -> Webhooks.sendGitea(delivery, body, "test-default-secret");
                default -> Webhooks.sendGitlab("Push Hook", delivery, body, "gitlab-token");
            };
        }
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static Push push(int i) {
        String delivery = UUID.randomUUID().toString();
        return switch (i % 3) {
            case 0 ->
                new Push(
                        "github",
                        delivery,
                        Webhooks.bytes(Webhooks.githubPush(
                                "acme/books-api", "refs/heads/main", List.of(touching("Push " + i, "src/A.java")))));
            case 1 ->
                new Push(
                        "gitea",
                        delivery,
                        Webhooks.bytes(Webhooks.giteaPush(
                                "acme/inventory", "refs/heads/main", List.of(touching("Push " + i, "src/B.java")))));
            default ->
                new Push(
                        "gitlab",
                        delivery,
                        Webhooks.bytes(Webhooks.gitlabPush(
                                "acme/gitlab-app",
                                "refs/heads/main",
                                List.of(touching("Push " + i, "src/C.java")),
                                1)));
        };
    }

    @Test
    void pushesDuringTheOutageAre503AndEachRedeliveryIsPublishedOnceAfterIt() throws Exception {
        TestPostgres postgres = OutagePostgresTestResource.server();
        // the gateway works before the outage
        Push before = push(0);
        assertThat(before.send().statusCode()).isEqualTo(202);

        postgres.stopServer();
        long stopped = System.nanoTime();
        List<Push> pushes = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < PUSHES; i++) {
            Push push = push(i);
            pushes.add(push);
            long sent = System.nanoTime();
            Response answer = push.send();
            slowest =
                    Math.max(slowest, Duration.ofNanos(System.nanoTime() - sent).toMillis());
            assertThat(answer.statusCode())
                    .as("%s delivery %s during the outage: %s", push.provider(), push.delivery(), answer.asString())
                    .isEqualTo(503);
            assertThat(answer.jsonPath().getString("reason")).contains("retry later");
            Thread.sleep(OUTAGE.toMillis() / (PUSHES + 1));
        }
        Thread.sleep(Math.max(
                0,
                OUTAGE.toMillis()
                        - Duration.ofNanos(System.nanoTime() - stopped).toMillis()));
        assertThat(published(pushes)).as("published during the outage").isEmpty();
        postgres.startServer();

        int redeliveries = 0;
        for (Push push : pushes) {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            Response answer = push.send();
            redeliveries++;
            while (answer.statusCode() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                answer = push.send();
                redeliveries++;
            }
            assertThat(answer.statusCode())
                    .as("%s redelivery %s after the outage: %s", push.provider(), push.delivery(), answer.asString())
                    .isEqualTo(202);
        }
        // one more redelivery of each, as a provider may send: a duplicate, published no second time
        for (Push push : pushes) {
            assertThat(push.send().jsonPath().getString("outcome")).isEqualTo("duplicate");
        }

        Map<String, Long> published = published(pushes);
        assertThat(published)
                .hasSize(PUSHES)
                .allSatisfy((delivery, count) -> assertThat(count).isOne());
        System.out.printf(
                "PostgreSQL stopped %d s while %d pushes arrived: %d answered 503 (slowest %d ms), 0 published;"
                        + " after the restart %d redeliveries gave %d commit-pushed, each once%n",
                OUTAGE.toSeconds(), PUSHES, PUSHES, slowest, redeliveries, published.size());
    }

    /** Records on commit-pushed per delivery id, of the given pushes. */
    private static Map<String, Long> published(List<Push> pushes) {
        List<String> deliveries = pushes.stream().map(Push::delivery).toList();
        return kafka.readAll(EventType.COMMIT_PUSHED.topic(), record -> true).stream()
                .map(record -> KafkaTestClient.decode(EventType.COMMIT_PUSHED, record))
                .flatMap(Optional::stream)
                .map(EventEnvelope::data)
                .map(CommitPushed::deliveryId)
                .filter(deliveries::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
