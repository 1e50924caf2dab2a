package io.gitopsflow.analysis.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.analysis.AnalysisTestResource;
import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a seeded campaign of hostile requests against every REST endpoint of analysis-service (no token, forged and
 * foreign tokens, the wrong role, odd and overlong ids and filters, deep YAML, deep and looping conditions, alias
 * bombs, oversized bodies, duplicate keys, random bytes, wrong methods and media types) — none answers 5xx, each 4xx
 * says why, and nothing changes: the run under attack keeps running, no run is terminated, nothing is audited and no
 * verdict is published. The counts per status are printed.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "analysis_service"))
@WithTestResource(AnalysisTestResource.class)
@WithTestResource(JwtTestResource.class)
class AnalysisApiFuzzIT {

    static final long SEED = 17;
    static final int REQUESTS = 400;
    private static final String VIEWER = JwtTestResource.token("victor", "viewer");
    private static final String OPERATOR = JwtTestResource.token("olga", "operator");
    private static KafkaTestClient kafka;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void hostileRequestsGetAReasonNeverA5xxAndChangeNothing() throws Exception {
        LongRun target = LongRun.start(kafka, "fuzzed", VIEWER);
        long terminatedBefore = count("select count(*) from analysis_run where terminate");
        long auditedBefore = count("select count(*) from audit_entry");
        HostileRequests hostile = new HostileRequests(new Random(SEED), target.id(), VIEWER, OPERATOR);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, Long> slowestMillis = new TreeMap<>();
        long started = System.nanoTime();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            HostileRequests.Attack attack = hostile.next();
            long sent = System.nanoTime();
            Answer response = send(client, attack);
            slowestMillis.merge(attack.kind(), (System.nanoTime() - sent) / 1_000_000, Math::max);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            kinds.merge(attack.kind(), 1, Integer::sum);
            // 414/431: Vert.x's HTTP decoder refuses an overlong request line or headers before any handler runs;
            // its answer has the status and reason phrase but no body
            boolean refusedByDecoder = response.statusCode() == 414 || response.statusCode() == 431;
            boolean withReason =
                    response.body().contains("\"error\"") || response.body().contains("\"problems\"");
            if (response.statusCode() >= 500 || response.statusCode() < 400 || !(withReason || refusedByDecoder)) {
                wrong.add(attack.kind() + " " + attack.method() + " " + abbreviate(attack.path()) + " -> "
                        + response.statusCode() + " " + abbreviate(response.body()));
            }
        }
        System.out.printf(
                "analysis-service fuzz (seed %d): %d hostile requests in %d ms, by status %s, by kind %s, slowest"
                        + " answer per kind (ms) %s%n",
                SEED, REQUESTS, (System.nanoTime() - started) / 1_000_000, statuses, kinds, slowestMillis);

        assertThat(wrong).as("answers that are not a 4xx with a reason").isEmpty();
        assertThat(count("select count(*) from analysis_run where terminate")).isEqualTo(terminatedBefore);
        assertThat(count("select count(*) from audit_entry")).isEqualTo(auditedBefore);
        assertThat(count("select count(*) from analysis_run where id = '" + target.id() + "' and phase = 'Running'"))
                .isEqualTo(1);
        assertThat(kafka.readAll(
                        EventType.ANALYSIS_COMPLETED.topic(),
                        r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                                .map(e -> target.promotionId().equals(e.data().promotionId()))
                                .orElse(false)))
                .isEmpty();
    }

    /** A status and body, or status 0 and the failure when the connection ended without an answer. */
    private record Answer(int statusCode, String body) {}

    private Answer send(HttpClient client, HostileRequests.Attack attack) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base.toString().replaceAll("/$", "") + attack.path()))
                .timeout(Duration.ofSeconds(30))
                .method(attack.method(), HttpRequest.BodyPublishers.ofByteArray(attack.body()));
        attack.headers().forEach(request::header);
        try {
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException closed) {
                // the server may close a kept-alive connection after refusing a request whose body it did not read
                // (413, 414, 431): the client's next request on it finds it closed ("header parser received no
                // bytes"); a fresh connection gets the real answer, and a second failure is reported as no answer
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, "no answer: " + e);
        }
    }

    private long count(String sql) {
        return pool.query(sql)
                .execute()
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next()
                .getLong(0);
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
