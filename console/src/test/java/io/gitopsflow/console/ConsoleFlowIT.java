package io.gitopsflow.console;

import static io.gitopsflow.console.PromotionEvents.SERVICE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.ConsoleFlow.Shipment;
import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.console.ScriptedFlow.Step;
import io.gitopsflow.console.api.FlowChange;
import io.gitopsflow.console.config.ConsoleConfig;
import io.gitopsflow.console.repository.ReadModelDump;
import io.gitopsflow.console.service.ChangeFeed;
import io.gitopsflow.console.service.ReadModelSchema;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console end to end (issue 20): a fresh pipeline's whole flow published on the broker as the services publish
 * it (its definition, a commit through dev, staging and prod, a second commit waiting for its second approval in prod,
 * a DORA history with known times), and every view of the console read over HTTP: the commit's timeline step by step,
 * the board, the DORA figures, a live stream, a replay into an empty schema, and the same answers after redeliveries.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class ConsoleFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;
    private static ConsoleFlow flow;
    private static Shipment first;
    private static Shipment second;
    private static ConsoleFlow history;

    @TestHTTPResource("/")
    URI base;

    private final AgroalDataSource database;
    private final ReadModelDump dumps;
    private final ConsoleConfig config;
    private final ChangeFeed feed;
    private final ObjectMapper json;

    ConsoleFlowIT(
            AgroalDataSource database, ReadModelDump dumps, ConsoleConfig config, ChangeFeed feed, ObjectMapper json) {
        this.database = database;
        this.dumps = dumps;
        this.config = config;
        this.feed = feed;
        this.json = json;
    }

    /**
     * Publishes the pipeline's definition, the first commit in the services' order, the second commit with two events
     * ahead of their cause (prod's first approval before the promotion's creation, staging's analysis before the stage
     * ran the Freight), and the DORA history of a second pipeline.
     */
    @BeforeAll
    static void publish() {
        kafka = KafkaTestClient.shared();
        flow = new ConsoleFlow(Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS));
        flow.configured().send(kafka);
        first = flow.ship("brave");
        flow.promote(first, "dev", SERVICE);
        flow.promote(first, "staging", "alice", "bob");
        flow.promote(first, "prod", "alice", "carol", "dave");
        ConsoleFlow.send(kafka, first.inOrder());
        second = flow.ship("calm");
        flow.promote(second, "dev", SERVICE);
        flow.promote(second, "staging", "alice", "bob");
        flow.ask(second, "prod", "alice", "carol");
        ConsoleFlow.send(kafka, second.inOrder(effectsBeforeCauses(second.labels())));
        history = ConsoleFlowSupport.publishDoraHistory(kafka, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aCommitsTimelineListsEachStepInOrderWithItsOutcomeDurationAndActor() {
        JsonPath timeline = awaitTimeline(first.commit, 39);

        assertThat(timeline.getString("header.repository")).isEqualTo(flow.repository);
        List<String> expected = new ArrayList<>(List.of(
                "commit-pushed info - null -",
                "build-queued info - 1000 -",
                "build-started info - 400 -",
                "build-finished succeeded - 600 -",
                "image-published info - null -",
                "freight-created info - 1000 brave"));
        expected.addAll(ConsoleFlowSupport.promotionSteps("dev", 1000, SERVICE));
        expected.addAll(ConsoleFlowSupport.promotionSteps("staging", 11000, "alice", "bob"));
        expected.addAll(ConsoleFlowSupport.promotionSteps("prod", 22000, "alice", "carol", "dave"));
        assertThat(ConsoleFlowSupport.described(timeline)).containsExactlyElementsOf(expected);
        assertThat(timeline.getString("steps[3].details.buildId")).isEqualTo(first.buildId());
        assertThat(timeline.getLong("steps[3].details.totalMillis")).isEqualTo(11600);
        assertThat(timeline.getLong("steps[3].details.buildMillis")).isEqualTo(8300);
    }

    @Test
    void theBoardShowsEachStagesFreightAndVerificationAndTheApprovalsProdAwaits() {
        JsonPath board = awaitBoard();

        assertThat(board.getBoolean("configured")).isTrue();
        assertThat(board.getList("stages.name")).containsExactly("dev", "staging", "prod");
        assertThat(board.getList("stages.requiredApprovals")).containsExactly(0, 1, 2);
        assertThat(board.getList("stages.current.freight.alias")).containsExactly("calm", "calm", "brave");
        assertThat(board.getList("stages.current.freight.commit"))
                .containsExactly(second.commit, second.commit, first.commit);
        assertThat(board.getList("stages.verification.phase"))
                .containsExactly("Successful", "Successful", "Successful");
        assertThat(board.getString("warehouse.newestFreight.alias")).isEqualTo("calm");
        assertThat(board.getList("stages[2].pendingApprovals")).hasSize(1);
        assertThat(board.getString("stages[2].pendingApprovals[0].promotion.commit"))
                .isEqualTo(second.commit);
        assertThat(board.getString("stages[2].pendingApprovals[0].promotion.createdBy"))
                .isEqualTo("alice");
        assertThat(board.getInt("stages[2].pendingApprovals[0].requiredApprovals"))
                .isEqualTo(2);
        assertThat(board.getList("stages[2].pendingApprovals[0].approvedBy.actor"))
                .containsExactly("carol");
        assertThat(board.getList("stages[0].pendingApprovals")).isEmpty();
    }

    @Test
    void theDoraFiguresOfAHistoryPublishedOnTheBrokerAreExact() {
        await().atMost(WAIT).ignoreExceptions().until(() -> ConsoleFlowSupport.complete(dora(history.project)));
        JsonPath dora = dora(history.project);

        assertThat(dora.getList("lastStages")).containsExactly("prod");
        assertThat(dora.getString("lastStagesFrom")).isEqualTo("definition");
        String figures = "pipelineFigures";
        assertThat(dora.getLong(figures + ".deploymentFrequency.deployments")).isEqualTo(5);
        assertThat(dora.getDouble(figures + ".deploymentFrequency.perDay")).isCloseTo(5 / 30.0, within(1e-6));
        assertThat(dora.getDouble(figures + ".leadTime.p50Seconds")).isCloseTo(9000, within(0.5));
        assertThat(dora.getDouble(figures + ".leadTime.p90Seconds")).isCloseTo(13320, within(0.5));
        assertThat(dora.getLong(figures + ".leadTime.samples")).isEqualTo(4);
        assertThat(dora.getLong(figures + ".leadTime.fromFreightCreation")).isZero();
        assertThat(dora.getLong(figures + ".changeFailureRate.verificationFailures"))
                .isEqualTo(1);
        assertThat(dora.getLong(figures + ".changeFailureRate.rollbacks")).isEqualTo(1);
        assertThat(dora.getLong(figures + ".changeFailureRate.changes")).isEqualTo(6);
        assertThat(dora.getDouble(figures + ".changeFailureRate.ratio")).isCloseTo(2 / 6.0, within(1e-4));
        assertThat(dora.getDouble(figures + ".timeToRestore.medianSeconds")).isCloseTo(4500, within(0.5));
        assertThat(dora.getLong(figures + ".timeToRestore.restored")).isEqualTo(2);
        assertThat(dora.getLong(figures + ".timeToRestore.unrestored")).isZero();
    }

    @Test
    void aPipelinesStreamDeliversAChangePublishedAfterItOpened() throws Exception {
        await().atMost(WAIT).ignoreExceptions().until(feed::live);
        Shipment third = flow.ship("eager");
        Promotion asked = flow.ask(third, "dev", SERVICE);
        try (EventStream stream = EventStream.open(
                base.resolve("pipelines/" + flow.project + "/stream"), ConsoleTestSupport.token("ada"))) {
            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> stream.comments().contains("open"));
            Step<?> created = third.step("dev.created");
            created.send(kafka);

            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> stream.events().stream()
                            .anyMatch(event -> created.id().equals(event.id())));
            EventStream.Event event = stream.events().stream()
                    .filter(candidate -> created.id().equals(candidate.id()))
                    .findFirst()
                    .orElseThrow();
            FlowChange change = json.readValue(event.data(), FlowChange.class);
            assertThat(change.project()).isEqualTo(flow.project);
            assertThat(change.stage()).isEqualTo("dev");
            assertThat(change.promotionId()).isEqualTo(asked.id());
            assertThat(change.commitSha()).isEqualTo(third.commit);
        }
    }

    @Test
    void aReplayIntoAnEmptySchemaGivesTheRowsTheLiveConsumerBuiltForThisPipeline() throws Exception {
        awaitBoard();
        ConsoleFlowSupport.awaitLiveConsumerCaughtUp(flow.topics());
        ReadModelSchema rebuilt =
                new ReadModelSchema("replay_" + FlowEvents.sha().substring(0, 12));
        try {
            given().auth()
                    .oauth2(ConsoleTestSupport.token("ops", "console-admin"))
                    .queryParam("schema", rebuilt.name())
                    .when()
                    .post("/admin/replay")
                    .then()
                    .statusCode(200);

            Set<String> markers = new HashSet<>(List.of(flow.project, first.commit, second.commit));
            markers.addAll(first.promotionIds());
            markers.addAll(second.promotionIds());
            Map<String, List<List<String>>> live =
                    ConsoleFlowSupport.concerning(dumps.dump(new ReadModelSchema(config.schema())), markers);
            Map<String, List<List<String>>> replayed = ConsoleFlowSupport.concerning(dumps.dump(rebuilt), markers);
            assertThat(live.get("promotion")).hasSizeGreaterThanOrEqualTo(6);
            assertThat(live.get("approval")).hasSizeGreaterThanOrEqualTo(4);
            assertThat(replayed).isEqualTo(live);
        } finally {
            try (Connection connection = database.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("drop schema if exists " + rebuilt.name() + " cascade");
            }
        }
    }

    @Test
    void eventsPublishedAgainOrAheadOfTheirCauseLeaveTheTimelineAndTheBoardUnchanged() throws Exception {
        awaitBoard();
        JsonPath secondTimeline = awaitTimeline(second.commit, 29);
        assertThat(secondTimeline.getList("steps.at", String.class).stream().map(Instant::parse))
                .isSorted();
        assertThat(ConsoleFlowSupport.described(secondTimeline))
                .endsWith("promotion-created info prod 22000 alice", "promotion-approved succeeded prod 1000 carol");
        List<String> before = answers();

        ConsoleFlow.send(
                kafka,
                Stream.concat(first.inOrder().stream(), second.inOrder().stream())
                        .toList());
        ConsoleFlowSupport.awaitLiveConsumerCaughtUp(flow.topics());

        assertThat(answers()).isEqualTo(before);
    }

    /** The first commit's and the second's timelines and the board, as JSON text. */
    private List<String> answers() {
        return Stream.of(
                        "/timeline/" + first.commit,
                        "/timeline/" + second.commit,
                        "/pipelines/" + flow.project + "/board")
                .map(path -> given().auth()
                        .oauth2(ConsoleTestSupport.token("ada"))
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .toList();
    }

    /** The labels in the services' order but with prod's first approval and staging's analysis ahead of their cause. */
    private static List<String> effectsBeforeCauses(List<String> labels) {
        List<String> order = new ArrayList<>(labels);
        order.remove("prod.approved.carol");
        order.add(order.indexOf("prod.created"), "prod.approved.carol");
        order.remove("staging.analysis");
        order.add(order.indexOf("staging.promoted"), "staging.analysis");
        return order;
    }

    private JsonPath awaitTimeline(String commit, int steps) {
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> get("/timeline/" + commit).getList("steps").size() == steps);
        return get("/timeline/" + commit);
    }

    private JsonPath awaitBoard() {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            JsonPath board = get("/pipelines/" + flow.project + "/board");
            return board.getList("stages[2].pendingApprovals[0].approvedBy") != null
                    && board.getList("stages[2].pendingApprovals[0].approvedBy").size() == 1
                    && "calm".equals(board.getString("stages[1].current.freight.alias"))
                    && "Successful".equals(board.getString("stages[1].verification.phase"))
                    && board.getInt("stages[2].requiredApprovals") == 2;
        });
        return get("/pipelines/" + flow.project + "/board");
    }

    private static JsonPath dora(String pipeline) {
        return given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .queryParam("window", "30d")
                .get("/pipelines/{pipeline}/dora", pipeline)
                .then()
                .extract()
                .jsonPath();
    }

    private static JsonPath get(String path) {
        return given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .get(path)
                .then()
                .extract()
                .jsonPath();
    }
}
