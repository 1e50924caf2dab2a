package io.gitopsflow.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.api.FlowChange;
import io.gitopsflow.console.service.ChangeAnnouncer;
import io.gitopsflow.console.service.ChangeFeed;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.ProjectedEvent;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live streams on the real broker and database: a change is pushed to the streams of its commit and of its
 * pipeline as soon as the projection committed it, not to another pipeline's, and never when its transaction rolled
 * back; a stream needs a signed-in user and a valid name, and says it is alive while idle.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class StreamIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @TestHTTPResource("/")
    URI base;

    private final ChangeFeed feed;
    private final ChangeAnnouncer announcer;
    private final AgroalDataSource database;
    private final ObjectMapper json;

    StreamIT(ChangeFeed feed, ChangeAnnouncer announcer, AgroalDataSource database, ObjectMapper json) {
        this.feed = feed;
        this.announcer = announcer;
        this.database = database;
        this.json = json;
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void listening() {
        await().atMost(WAIT).until(feed::live);
    }

    @Test
    void aCommitsStreamPushesItsPushAsSoonAsItIsProjected() throws Exception {
        String commit = FlowEvents.sha();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (EventStream stream = open("timeline/" + commit + "/stream")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            CloudEventAttributes published = kafka.produce(
                    EventType.COMMIT_PUSHED,
                    FlowEvents.commitPushed(FlowEvents.name("acme/books"), commit, at.minusSeconds(30), at),
                    commit);

            await().atMost(WAIT).until(() -> !stream.events().isEmpty());
            EventStream.Event event = stream.events().get(0);
            assertThat(event.name()).isEqualTo("commit-pushed");
            assertThat(event.id()).isEqualTo(published.id());
            FlowChange change = json.readValue(event.data(), FlowChange.class);
            assertThat(change.eventId()).isEqualTo(published.id());
            assertThat(change.kind()).isEqualTo("commit-pushed");
            assertThat(change.type()).isEqualTo(EventType.COMMIT_PUSHED.cloudEventType());
            assertThat(change.commitSha()).isEqualTo(commit);
            assertThat(change.occurredAt()).isEqualTo(at);
        }
    }

    @Test
    void aPipelinesStreamPushesItsChangesAndNotAnotherPipelines() throws Exception {
        String pipeline = known(FlowEvents.name("books"));
        String other = known(FlowEvents.name("films"));
        try (EventStream stream = open("pipelines/" + pipeline + "/stream")) {
            ProjectedEvent others = projected(other);
            ProjectedEvent ours = projected(pipeline);
            announceInOneTransaction(List.of(others, ours), true);

            await().atMost(WAIT).until(() -> !stream.events().isEmpty());
            assertThat(stream.events()).extracting(EventStream.Event::id).containsExactly(ours.id());
            FlowChange change = json.readValue(stream.events().get(0).data(), FlowChange.class);
            assertThat(change.project()).isEqualTo(pipeline);
            assertThat(change.stage()).isEqualTo("dev");
        }
    }

    @Test
    void aChangeWhoseTransactionRolledBackIsNeverPushed() throws Exception {
        String pipeline = known(FlowEvents.name("books"));
        try (EventStream stream = open("pipelines/" + pipeline + "/stream")) {
            ProjectedEvent undone = projected(pipeline);
            ProjectedEvent kept = projected(pipeline);
            announceInOneTransaction(List.of(undone), false);
            announceInOneTransaction(List.of(kept), true);

            await().atMost(WAIT).until(() -> !stream.events().isEmpty());
            assertThat(stream.events()).extracting(EventStream.Event::id).containsExactly(kept.id());
        }
    }

    @Test
    void anIdleStreamSaysItIsAlive() throws SQLException {
        try (EventStream stream = open("pipelines/" + known(FlowEvents.name("quiet")) + "/stream")) {
            await().atMost(WAIT).until(() -> stream.comments().contains("heartbeat"));
            assertThat(stream.events()).isEmpty();
        }
    }

    @Test
    void aStreamOfAPipelineTheConsoleDoesNotKnowIsNotFound() {
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .accept("text/event-stream")
                .when()
                .get("/pipelines/" + FlowEvents.name("unknown") + "/stream")
                .then()
                .statusCode(404)
                .body(containsString("is known to the console"));
    }

    @Test
    void aStreamNeedsASignedInUser() {
        given().accept("text/event-stream")
                .when()
                .get("/timeline/" + FlowEvents.sha() + "/stream")
                .then()
                .statusCode(401);
    }

    @Test
    void aStreamOfABadNameIsRefusedWithTheReason() {
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .accept("text/event-stream")
                .when()
                .get("/pipelines/Books_API/stream")
                .then()
                .statusCode(400)
                .body(containsString("is not a DNS label"));
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .accept("text/event-stream")
                .when()
                .get("/timeline/main/stream")
                .then()
                .statusCode(400)
                .body(containsString("is not a full commit SHA"));
    }

    /** Makes {@code pipeline} known to the read model, as its pipeline-configured would: only then may it be followed. */
    private String known(String pipeline) throws SQLException {
        return known(database, pipeline);
    }

    /** Makes {@code pipeline} known to the read model in {@code database}. */
    static String known(AgroalDataSource database, String pipeline) throws SQLException {
        try (Connection connection = database.getConnection();
                var statement = connection.prepareStatement("insert into pipeline (project, warehouse, definition,"
                        + " fingerprint, configured_at) values (?, 'warehouse', '{\"stages\": []}', 'test', now())")) {
            statement.setString(1, pipeline);
            statement.executeUpdate();
        }
        return pipeline;
    }

    /** Opens the stream at {@code path} as a signed-in user and waits until it is open. */
    private EventStream open(String path) {
        EventStream stream = EventStream.open(base.resolve(path), ConsoleTestSupport.token("ada"));
        await().atMost(WAIT).until(() -> stream.comments().contains("open"));
        return stream;
    }

    /** An event of {@code pipeline}'s dev stage as the projection hands it to its observers. */
    private static ProjectedEvent projected(String pipeline) {
        String commit = FlowEvents.sha();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CommitPushed push = FlowEvents.commitPushed("acme/" + pipeline, commit, at, at);
        CloudEventAttributes attributes =
                CloudEventAttributes.newEvent(EventType.COMMIT_PUSHED, push, KafkaTestClient.TEST_SOURCE, commit, null);
        return new ProjectedEvent(
                new EventEnvelope<>(attributes, push), new EventKeys(at, commit, pipeline, "dev", null, null));
    }

    /** Tells the announcer of {@code events} inside a transaction, as the projection does, then ends it. */
    private void announceInOneTransaction(List<ProjectedEvent> events, boolean commit) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            announcer.projected(events, connection);
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        }
    }
}
