package io.gitopsflow.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
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
import io.gitopsflow.testkit.quarkus.OutagePostgresTestResource;
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
import org.junit.jupiter.api.Test;

/**
 * The live streams through a database outage: the console listens again on the change channel when PostgreSQL comes
 * back, and an open stream, which stayed open meanwhile, receives the changes committed after that; the health
 * details say when it does not hear the changes.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = OutagePostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "console_outage"))
@WithTestResource(ConsoleTestSupport.class)
class StreamOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    private final ChangeFeed feed;
    private final ChangeAnnouncer announcer;
    private final AgroalDataSource database;

    StreamOutageIT(ChangeFeed feed, ChangeAnnouncer announcer, AgroalDataSource database) {
        this.feed = feed;
        this.announcer = announcer;
        this.database = database;
    }

    @Test
    void anOpenStreamReceivesChangesAgainOnceTheDatabaseIsBack() throws SQLException {
        await().atMost(WAIT).until(feed::live);
        String pipeline = StreamIT.known(database, FlowEvents.name("books"));
        try (EventStream stream =
                EventStream.open(base.resolve("pipelines/" + pipeline + "/stream"), ConsoleTestSupport.token("ada"))) {
            await().atMost(WAIT).until(() -> stream.comments().contains("open"));

            OutagePostgresTestResource.server().stopServer();
            await().atMost(WAIT).until(() -> !feed.live());
            given().when().get("/q/health/well").then().statusCode(503).body(containsString("live streams"));
            OutagePostgresTestResource.server().startServer();
            await().atMost(WAIT).until(feed::live);
            given().when().get("/q/health/well").then().statusCode(200);

            ProjectedEvent change = projected(pipeline);
            // the pool's connections from before the outage are broken: each failed one is dropped, a new one follows
            await().atMost(WAIT).ignoreExceptions().until(() -> announce(change));
            await().atMost(WAIT).until(() -> !stream.events().isEmpty());
            assertThat(stream.events()).extracting(EventStream.Event::id).containsExactly(change.id());
        }
    }

    private boolean announce(ProjectedEvent change) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            announcer.projected(List.of(change), connection);
            connection.commit();
            return true;
        }
    }

    private static ProjectedEvent projected(String pipeline) {
        String commit = FlowEvents.sha();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CommitPushed push = FlowEvents.commitPushed("acme/" + pipeline, commit, at, at);
        CloudEventAttributes attributes =
                CloudEventAttributes.newEvent(EventType.COMMIT_PUSHED, push, KafkaTestClient.TEST_SOURCE, commit, null);
        return new ProjectedEvent(
                new EventEnvelope<>(attributes, push), new EventKeys(at, commit, pipeline, "dev", null, null));
    }
}
