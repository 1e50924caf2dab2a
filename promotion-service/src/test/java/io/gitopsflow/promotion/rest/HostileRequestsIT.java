package io.gitopsflow.promotion.rest;

import static io.gitopsflow.promotion.PromotionApi.audit;
import static io.gitopsflow.promotion.PromotionApi.stage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.promotion.PromotionApi;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's fuzzing campaign against promotion-service's REST endpoints: a seeded mix of hostile requests (no or
 * forged tokens, bad and overlong names, broken, duplicated, mistyped and deeply nested JSON). None may answer 5xx,
 * every 4xx says why, and nothing is published or changed. {@code -Dfuzz.seed} and {@code -Dfuzz.requests} replay or
 * widen it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class HostileRequestsIT {

    private static final long SEED = Long.getLong("fuzz.seed", 17L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 450);
    private static final String PIPELINE = "fuzzed";
    private static KafkaTestClient kafka;
    private static PromotionApi api;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
        api = new PromotionApi(kafka);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void hostileRequestsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        HostileRequests.Targets targets = targets();
        String before = settledState();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (HostileRequests.Request request : new HostileRequests(SEED, targets).campaign(REQUESTS)) {
            HttpResponse<String> response = send(http, request);
            int status = response == null ? 0 : response.statusCode();
            byStatus.merge(String.valueOf(status), 1, Integer::sum);
            byKind.merge(request.kind() + " → " + status, 1, Integer::sum);
            String problem = problem(request, response);
            if (problem != null) {
                wrong.add(problem);
            }
        }
        System.out.printf(
                "hostile requests (seed %d): %d sent; by status %s%nby attack and status:%n%s%n",
                SEED,
                REQUESTS,
                byStatus,
                String.join(
                        "\n",
                        byKind.entrySet().stream()
                                .map(e -> "  " + e.getKey() + ": " + e.getValue())
                                .toList()));

        assertThat(wrong).as("requests answered wrongly").isEmpty();
        assertThat(state())
                .as("the pipeline's stages, Freight, promotions, audit and records")
                .isEqualTo(before);
    }

    /** Why the answer is wrong, or null: a 5xx, a success, 401 expected, or a 4xx without a reason. */
    private static String problem(HostileRequests.Request request, HttpResponse<String> response) {
        String what = request.kind() + " " + request.method() + " " + abbreviate(request.path());
        if (response == null) {
            return what + ": no answer";
        }
        int status = response.statusCode();
        if (status >= 500 || status < 400) {
            return what + ": " + status + " " + abbreviate(response.body());
        }
        if (request.expectsUnauthorized() && status != 401) {
            return what + ": " + status + " instead of 401";
        }
        boolean reason = !response.body().isBlank()
                || (status == 401
                        && response.headers().firstValue("WWW-Authenticate").isPresent());
        return reason ? null : what + ": " + status + " without a reason";
    }

    private HttpResponse<String> send(HttpClient http, HostileRequests.Request request) throws InterruptedException {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(
                            URI.create(root.toString().replaceAll("/$", "") + request.path()))
                    .timeout(Duration.ofSeconds(30));
            request.headers().forEach(builder::header);
            builder.method(
                    request.method(),
                    request.body() == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            try {
                return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException closed) {
                // the server may close a kept-alive connection after refusing a request whose body it did not read:
                // the client's next request on it finds it closed; a fresh connection gets the real answer
                return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException | IllegalArgumentException e) {
            System.out.println("not sent: " + abbreviate(request.path()) + ": " + e);
            return null;
        }
    }

    /** A Freight verified in dev and a promotion into staging waiting for its reviewer: what the requests aim at. */
    private static HostileRequests.Targets targets() {
        String commit = TestEvents.sha();
        kafka.produce(
                EventType.IMAGE_PUBLISHED,
                TestEvents.image("registry.test/acme/" + PIPELINE, List.of("1.0.0"), commit, TestEvents.digest()),
                commit);
        PromotionRequested dev = api.awaitRequest(PIPELINE, "dev", "1.0.0").data();
        api.committed(dev);
        await().atMost(PromotionApi.WAIT)
                .until(() -> "PENDING".equals(stage(PIPELINE, "staging").getString("promotionStatus")));
        return new HostileRequests.Targets(
                PIPELINE, dev.freightId(), stage(PIPELINE, "staging").getString("promotionId"), commit);
    }

    /** The state once the set-up's own promotions and records are done: the same twice, a second apart. */
    private static String settledState() {
        String[] last = {state()};
        await().atMost(PromotionApi.WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String now = state();
            boolean same = now.equals(last[0]);
            last[0] = now;
            return same;
        });
        return last[0];
    }

    /** Everything a request could change: stages, Freight, promotions, the audit trail and the records published. */
    private static String state() {
        String viewer = TestSupport.token("viewer");
        return String.join(
                "\n",
                given().auth()
                        .oauth2(viewer)
                        .get("/pipelines/{p}/stages", PIPELINE)
                        .asString(),
                given().auth()
                        .oauth2(viewer)
                        .get("/pipelines/{p}/freight", PIPELINE)
                        .asString(),
                given().auth()
                        .oauth2(viewer)
                        .get("/pipelines/{p}/stages/staging/promotions", PIPELINE)
                        .asString(),
                audit(PIPELINE, "staging").prettify(),
                audit(PIPELINE, "dev").prettify(),
                "promotion-requested: " + records(EventType.PROMOTION_REQUESTED.topic()),
                "stage-promoted: " + records(EventType.STAGE_PROMOTED.topic()));
    }

    private static int records(String topic) {
        return kafka.readAll(
                        topic,
                        r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                                .contains("\"" + PIPELINE + "\""))
                .size();
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 160 ? text : text.substring(0, 160) + "…(" + text.length() + ")";
    }
}
