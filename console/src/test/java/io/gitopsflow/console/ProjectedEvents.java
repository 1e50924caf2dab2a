package io.gitopsflow.console;

import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.testkit.KafkaTestClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events sent on the real broker as the services publish them, and the wait until the read model stored every one (in
 * whatever order the projection saw them): the setup the query and page tests share, so that they wait alike.
 */
public final class ProjectedEvents {

    private final KafkaTestClient kafka;
    private final AgroalDataSource database;
    private final List<String> sent = new ArrayList<>();

    public ProjectedEvents(KafkaTestClient kafka, AgroalDataSource database) {
        this.kafka = kafka;
        this.database = database;
    }

    /** Sends {@code event} of {@code type} with {@code correlation} (or none). */
    public <T extends GitopsFlowEvent> void send(EventType<T> type, T event, String correlation) {
        sent.add(kafka.produce(type, event, correlation).id());
    }

    /** Sends a Freight of {@code project} built from {@code source} (a commit, or null) with one image {@code tag}. */
    public void freight(String project, String id, String alias, String tag, String source, Instant at) {
        ImageRef image = new ImageRef("registry.test/acme/" + project, tag, "sha256:" + "0".repeat(64));
        send(
                EventType.FREIGHT_CREATED,
                PromotionEvents.freightCreated(
                        id, alias, project, image, PromotionEvents.source("acme/" + project, source), at),
                source);
    }

    /** Waits until the read model stored every event sent. */
    public void awaitProjected() {
        await().atMost(ReadModelProbe.WAIT).pollInterval(Duration.ofMillis(100)).until(() -> stored() == sent.size());
    }

    private int stored() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("select count(*) from flow_event where event_id = any (?)")) {
            statement.setArray(1, connection.createArrayOf("text", sent.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
