package io.gitopsflow.console.service.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.console.repository.ReadModelSessions;
import io.gitopsflow.console.service.ProjectedEvent;
import io.gitopsflow.console.service.ReadModelSchema;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications against WireMock receivers (the %test rules in application.properties): a rule for one pipeline's
 * stage sends each matching event once in Slack's and the webhook's shape, a redelivery sends nothing more, a failed
 * verification is told once even when two instances' polls project its verdict and its phase change at once, a receiver
 * answering 500 twice gets it on the third try, and one that keeps failing shows in the readiness details while the
 * console stays ready.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
@WithTestResource(WireMockTestResource.class)
class NotificationsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectWireMock
    WireMockServer receivers;

    private final NotificationDriver driver;
    private final ReadModelSessions sessions;

    NotificationsIT(NotificationObserver observer, ReadModelSessions sessions, AgroalDataSource database) {
        this.driver = new NotificationDriver(observer, sessions, database);
        this.sessions = sessions;
    }

    @BeforeEach
    void receiversAnswer() {
        receivers.stubFor(post("/hooks/slack").willReturn(ok("ok")));
        receivers.stubFor(post("/hooks/webhook").willReturn(aResponse().withStatus(202)));
        receivers.stubFor(post("/hooks/teams").willReturn(aResponse().withStatus(202)));
        receivers.stubFor(post(urlPathEqualTo("/hooks/down"))
                .willReturn(aResponse().withStatus(500).withBody("down for maintenance")));
    }

    @Test
    void aRuleForOneStageSendsEachMatchingEventOnceInSlacksAndTheWebhooksShape() {
        String promotion = UUID.randomUUID().toString();
        PromotionUpdated succeeded = update("notify-books", "prod", promotion, Phase.VERIFYING, Phase.SUCCEEDED);
        var event = driver.project(succeeded);
        driver.project(update("notify-books", "dev", UUID.randomUUID().toString(), Phase.VERIFYING, Phase.SUCCEEDED));

        await().atMost(WAIT)
                .until(() -> requests("/hooks/slack", promotion).size() == 1
                        && requests("/hooks/webhook", promotion).size() == 1
                        && requests("/hooks/teams", promotion).size() == 1);

        receivers.verify(postRequestedFor(urlEqualTo("/hooks/slack"))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withRequestBody(equalToJson(slackMessage(promotion))));
        receivers.verify(postRequestedFor(urlEqualTo("/hooks/webhook"))
                .withHeader("Content-Type", equalTo("application/cloudevents+json; charset=UTF-8"))
                .withHeader("X-Gitops-Flow-Outcome", equalTo("succeeded"))
                .withRequestBody(equalToJson(driver.structured(event))));
        assertThat(requests("/hooks/slack", "notify-books → dev")).isEmpty();
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .get("/notifications?pipeline=notify-books&limit=500")
                .then()
                .statusCode(200);
        JsonPath listed = given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .get("/notifications?pipeline=notify-books&limit=500")
                .jsonPath();
        assertThat(listed.getList("findAll { it.promotionId == '" + promotion + "' }.receiver", String.class))
                .containsExactlyInAnyOrder("it-slack", "it-webhook", "it-teams");
        assertThat(listed.getList("findAll { it.promotionId == '" + promotion + "' }.status", String.class))
                .containsOnly("sent");
    }

    @Test
    void aPromotionUpdatePublishedTwiceOnTheBrokerIsSentOnce() {
        String promotion = UUID.randomUUID().toString();
        PromotionUpdated succeeded = update("notify-books", "prod", promotion, Phase.VERIFYING, Phase.SUCCEEDED);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            CloudEventAttributes first = kafka.produce(EventType.PROMOTION_UPDATED, succeeded, "c".repeat(40));
            kafka.produce(EventType.PROMOTION_UPDATED, new EventEnvelope<>(first, succeeded));

            await().atMost(WAIT)
                    .until(() -> requests("/hooks/webhook", promotion).size() == 1);
            await().during(Duration.ofSeconds(2))
                    .atMost(WAIT)
                    .until(() -> requests("/hooks/slack", promotion).size() == 1
                            && requests("/hooks/webhook", promotion).size() == 1);
            receivers.verify(postRequestedFor(urlEqualTo("/hooks/webhook"))
                    .withRequestBody(equalToJson(
                            driver.structured(new ProjectedEvent(new EventEnvelope<>(first, succeeded), null)))));
        }
    }

    @Test
    void aRedeliveredEventSendsNothingMore() {
        String promotion = UUID.randomUUID().toString();
        var event = driver.project(update("notify-books", "prod", promotion, Phase.VERIFYING, Phase.SUCCEEDED));
        await().atMost(WAIT).until(() -> requests("/hooks/slack", promotion).size() == 1);

        driver.projectAgain(event);

        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> requests("/hooks/slack", promotion).size() == 1
                        && requests("/hooks/webhook", promotion).size() == 1);
    }

    @Test
    void aFailedVerdictAndThePhaseChangeItCausesAreToldAsOneFailure() {
        String promotion = UUID.randomUUID().toString();
        driver.project(failedVerdict(promotion));
        driver.project(update("notify-books", "prod", promotion, Phase.VERIFYING, Phase.FAILED));

        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> requests("/hooks/slack", promotion).size() == 1);
        assertThat(requests("/hooks/slack", promotion).get(0).getBodyAsString())
                .contains("failed verification")
                .contains("error-rate 0.2 above 0.05");
    }

    @Test
    void aFailedVerdictAndItsPhaseChangeProjectedAtOnceByTwoInstancesAreToldAsOneFailure() throws Exception {
        String promotion = UUID.randomUUID().toString();
        CompletableFuture<Void> other;
        // one console instance projects the verdict in a poll not committed yet, another the phase change it caused
        try (Connection first = sessions.open(ReadModelSchema.LIVE)) {
            driver.projectIn(first, failedVerdict(promotion));
            other = CompletableFuture.runAsync(
                    () -> driver.project(update("notify-books", "prod", promotion, Phase.VERIFYING, Phase.FAILED)));
            // the other has decided (and committed) before the first commits, or waits for the first's decision
            await().atMost(WAIT).until(() -> other.isDone() || driver.someoneWaitsForAnAdvisoryLock());
            first.commit();
        }
        other.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(driver.count("it-slack", promotion)).isEqualTo(1);
    }

    @Test
    void aPromotionWaitingForApprovalIsToldOnceAsItsStageRequiresApprovals() {
        driver.defineStage("notify-books", "prod", 2);
        String promotion = UUID.randomUUID().toString();
        driver.project(
                NotificationEvents.update("notify-books", "prod", promotion, Change.CREATED, Phase.PENDING, null));
        driver.project(
                NotificationEvents.update("notify-books", "prod", promotion, Change.APPROVED, Phase.PENDING, null));

        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> requests("/hooks/slack", promotion).size() == 1);
        assertThat(requests("/hooks/slack", promotion).get(0).getBodyAsString()).contains("waits for approval");
    }

    @Test
    void aRollbackIsToldAsARollback() {
        PromotionUpdated rollback = NotificationEvents.rollback("notify-books", "prod");
        driver.project(rollback);

        // the stage may require approvals (another test defines it so): then a second message says it waits
        await().atMost(WAIT)
                .until(() -> requests("/hooks/webhook", rollback.promotionId()).stream()
                        .anyMatch(request ->
                                request.getHeader("X-Gitops-Flow-Outcome").equals("rolled-back")));
        assertThat(requests("/hooks/slack", rollback.promotionId()))
                .filteredOn(request -> request.getBodyAsString().contains(":rewind: *"))
                .singleElement()
                .satisfies(request ->
                        assertThat(request.getBodyAsString()).contains("rollback to Freight brave-otter started"));
        assertThat(requests("/hooks/webhook", rollback.promotionId()))
                .filteredOn(
                        request -> request.getHeader("X-Gitops-Flow-Outcome").equals("rolled-back"))
                .singleElement()
                .satisfies(request -> assertThat(request.getBodyAsString()).contains("\"rollback\":true"));
    }

    @Test
    void aReceiverAnswering500TwiceGetsItOnTheThirdTry() {
        String promotion = UUID.randomUUID().toString();
        String scenario = "flaky-" + promotion;
        receivers.stubFor(post("/hooks/flaky")
                .withRequestBody(containing(promotion))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("failed once"));
        receivers.stubFor(post("/hooks/flaky")
                .withRequestBody(containing(promotion))
                .inScenario(scenario)
                .whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("failed twice"));
        receivers.stubFor(post("/hooks/flaky")
                .withRequestBody(containing(promotion))
                .inScenario(scenario)
                .whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(200)));

        driver.project(update("notify-flaky", "prod", promotion, Phase.VERIFYING, Phase.SUCCEEDED));

        await().atMost(WAIT).until(() -> "sent".equals(driver.status("it-flaky", promotion)));
        assertThat(requests("/hooks/flaky", promotion)).hasSize(3);
        assertThat(driver.attempts("it-flaky", promotion)).isEqualTo(3);
    }

    @Test
    void aReceiverThatKeepsFailingShowsInTheReadinessDetailsWhileTheConsoleStaysReady() {
        String promotion = UUID.randomUUID().toString();
        driver.project(update("notify-down", "prod", promotion, Phase.VERIFYING, Phase.SUCCEEDED));

        await().atMost(WAIT).until(() -> requests("/hooks/down", promotion).size() >= 2);
        String health = given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .extract()
                .asString();
        JsonPath details = JsonPath.from(health);
        assertThat(details.getString("checks.find { it.name == 'notification receivers' }.status"))
                .isEqualTo("UP");
        assertThat(details.getString("checks.find { it.name == 'notification receivers' }.data.it-down"))
                .startsWith("failing since ")
                .contains("HTTP 500: down for maintenance");
        assertThat(health).doesNotContain("secret-token").doesNotContain("/hooks/down");
        await().atMost(WAIT).until(() -> "failed".equals(driver.status("it-down", promotion)));
        assertThat(driver.lastError("it-down", promotion)).contains("HTTP 500").doesNotContain("secret-token");
    }

    @Test
    void theDeliveriesNeedASignedInUserAndACheckedPipelineName() {
        given().get("/notifications").then().statusCode(401);
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .get("/notifications?pipeline=Not_A_Label")
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("is not a DNS label"));
    }

    private List<LoggedRequest> requests(String path, String text) {
        return receivers.findAll(postRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(text)));
    }

    private static PromotionUpdated update(String project, String stage, String promotion, Phase from, Phase to) {
        return NotificationEvents.update(project, stage, promotion, Change.PHASE_CHANGED, to, from);
    }

    private static String slackMessage(String promotion) {
        return """
                {"text": "notify-books → prod: Freight brave-otter promoted and verified",
                 "blocks": [
                   {"type": "section", "text": {"type": "mrkdwn",
                    "text": ":white_check_mark: *notify-books → prod: Freight brave-otter promoted and verified*"}},
                   {"type": "context", "elements": [{"type": "mrkdwn",
                    "text": "commit cccccccccccc · promotion %s · by ada · at 2026-12-05T20:00:00Z"}]}
                 ]}
                """.formatted(promotion);
    }

    private static AnalysisCompleted failedVerdict(String promotion) {
        return new AnalysisCompleted(
                "run-" + promotion,
                promotion,
                "notify-books",
                "prod",
                NotificationEvents.FREIGHT,
                AnalysisCompleted.Phase.FAILED,
                "error-rate 0.2 above 0.05",
                List.of(),
                NotificationEvents.AT.minusSeconds(60),
                NotificationEvents.AT);
    }
}
