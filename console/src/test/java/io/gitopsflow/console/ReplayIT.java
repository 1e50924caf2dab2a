package io.gitopsflow.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.api.ReplayReport;
import io.gitopsflow.console.config.ConsoleConfig;
import io.gitopsflow.console.repository.ReadModelDump;
import io.gitopsflow.console.service.ReadModelSchema;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replay of the topics into an empty schema gives the read model the live consumer built. Every IT of the console
 * shares one database and one broker, and a query test may insert rows straight into the live schema, so the two
 * dumps are compared on every table but restricted to the rows of this test's own flow (a row whose values name one
 * of its fresh commits or its repository): whatever table a projector fills from these events is compared.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class ReplayIT {

    private static KafkaTestClient kafka;
    private final AgroalDataSource database;
    private final ReadModelDump dumps;
    private final ConsoleConfig config;

    ReplayIT(AgroalDataSource database, ReadModelDump dumps, ConsoleConfig config) {
        this.database = database;
        this.dumps = dumps;
        this.config = config;
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aReplayIntoAnEmptySchemaGivesTheReadModelTheLiveConsumerBuilt() throws Exception {
        String run = FlowEvents.name("replay");
        List<String> commits = List.of(FlowEvents.sha(), FlowEvents.sha(), FlowEvents.sha());
        publishFlow("acme/" + run, commits);
        awaitLiveConsumerCaughtUp(List.of(EventType.COMMIT_PUSHED.topic(), EventType.IMAGE_PUBLISHED.topic()));

        ReadModelSchema rebuilt =
                new ReadModelSchema("replay_" + FlowEvents.sha().substring(0, 12));
        try {
            ReplayReport report = given().auth()
                    .oauth2(ConsoleTestSupport.token("ops", "console-admin"))
                    .queryParam("schema", rebuilt.name())
                    .when()
                    .post("/admin/replay")
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(ReplayReport.class);

            assertThat(report.schema()).isEqualTo(rebuilt.name());
            assertThat(report.topics()).contains(EventType.COMMIT_PUSHED.topic());
            assertThat(report.recordsRead()).isGreaterThanOrEqualTo(8);
            assertThat(report.projected()).isGreaterThanOrEqualTo(4);
            assertThat(report.duplicates()).isGreaterThanOrEqualTo(1);
            assertThat(report.refused()).isGreaterThanOrEqualTo(1);
            assertThat(report.recordsRead()).isEqualTo(report.projected() + report.duplicates() + report.refused());

            Set<String> markers = markers(run, commits);
            Map<String, List<List<String>>> liveRows = concerning(dumps.dump(live()), markers);
            Map<String, List<List<String>>> rebuiltRows = concerning(dumps.dump(rebuilt), markers);
            // the images count once their projector reads image-published (until then both refuse them alike)
            assertThat(liveRows.get("flow_event")).hasSizeGreaterThanOrEqualTo(4);
            assertThat(liveRows.get("commit_push")).hasSize(3);
            assertThat(rebuiltRows).isEqualTo(liveRows);
        } finally {
            drop(rebuilt);
        }
    }

    @Test
    void aReplayIntoASchemaThatHoldsTablesIsRefused() {
        given().auth()
                .oauth2(ConsoleTestSupport.token("ops", "console-admin"))
                .queryParam("schema", live().name())
                .when()
                .post("/admin/replay")
                .then()
                .statusCode(409)
                .body("error", containsString("holds tables"));
    }

    @Test
    void aSchemaNameThatIsNotAnIdentifierIsRefused() {
        for (String name : List.of("Robert;drop table flow_event", "pg_catalog", "")) {
            given().auth()
                    .oauth2(ConsoleTestSupport.token("ops", "console-admin"))
                    .queryParam("schema", name)
                    .when()
                    .post("/admin/replay")
                    .then()
                    .statusCode(400)
                    .body("error", containsString("lower-case identifier"));
        }
    }

    @Test
    void onlyAnAdministratorMayReplay() {
        given().queryParam("schema", "replay_nobody")
                .when()
                .post("/admin/replay")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(ConsoleTestSupport.token("dev", "developer"))
                .queryParam("schema", "replay_nobody")
                .when()
                .post("/admin/replay")
                .then()
                .statusCode(403);
    }

    /**
     * Three pushes, the first redelivered under its id (a duplicate), the second pushed again as a new event (a
     * second event, the commit keeps its first push), a record that is not an event (refused), and the images
     * build-worker built of the first and the third, the third's before its push.
     */
    private static void publishFlow(String repository, List<String> commits) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<CommitPushed> pushes = new ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
            pushes.add(FlowEvents.commitPushed(
                    repository, commits.get(i), at.minusSeconds(600 - i * 60L), at.minusSeconds(300 - i * 60L)));
        }
        kafka.produce(EventType.IMAGE_PUBLISHED, image(repository, commits.get(2), at), commits.get(2));
        CloudEventAttributes first = kafka.produce(EventType.COMMIT_PUSHED, pushes.get(0), commits.get(0));
        kafka.produce(EventType.COMMIT_PUSHED, new EventEnvelope<>(first, pushes.get(0)));
        kafka.produce(EventType.COMMIT_PUSHED, pushes.get(1), commits.get(1));
        Map<String, String> headers =
                new LinkedHashMap<>(KafkaCloudEventHeaders.toHeaders(CloudEventAttributes.newEvent(
                        EventType.COMMIT_PUSHED, pushes.get(2), KafkaTestClient.TEST_SOURCE, commits.get(2), null)));
        kafka.produceRaw(
                EventType.COMMIT_PUSHED.topic(), repository, "{\"after\":".getBytes(StandardCharsets.UTF_8), headers);
        kafka.produce(EventType.COMMIT_PUSHED, pushes.get(2), commits.get(2));
        kafka.produce(EventType.COMMIT_PUSHED, pushes.get(1), commits.get(1));
        kafka.produce(EventType.IMAGE_PUBLISHED, image(repository, commits.get(0), at), commits.get(0));
    }

    private static ImagePublished image(String repository, String commit, Instant at) {
        return new ImagePublished(
                "registry.test/" + repository,
                List.of("main-" + commit.substring(0, 7) + "-1"),
                "sha256:" + commit + commit.substring(0, 24),
                new SourceCommit(repository, "http://git.test/" + repository + ".git", commit, "refs/heads/main"),
                "build-" + commit.substring(0, 12),
                ImagePublished.Origin.BUILD_WORKER,
                at,
                new BuildDurations(100, 2_000, 300, 2_400));
    }

    /** Waits until the live consumer group committed every topic up to its present end (it projected everything). */
    private void awaitLiveConsumerCaughtUp(List<String> topics) throws Exception {
        ConsoleFlowSupport.awaitLiveConsumerCaughtUp(topics);
    }

    private ReadModelSchema live() {
        return new ReadModelSchema(config.schema());
    }

    private static String group() {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming.flow.group.id", String.class);
    }

    private static Set<String> markers(String run, List<String> commits) {
        Set<String> markers = new java.util.HashSet<>(commits);
        markers.add(run);
        return markers;
    }

    /** The rows of each table that name one of {@code markers} in a value. */
    private static Map<String, List<List<String>>> concerning(
            Map<String, List<List<String>>> dump, Set<String> markers) {
        Map<String, List<List<String>>> rows = new LinkedHashMap<>();
        dump.forEach((table, all) -> rows.put(
                table,
                all.stream()
                        .filter(row -> row.stream()
                                .anyMatch(value ->
                                        value != null && markers.stream().anyMatch(value::contains)))
                        .toList()));
        return rows;
    }

    private void drop(ReadModelSchema schema) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema.name() + " cascade");
        }
    }
}
