package io.gitopsflow.console;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.CloudEventTypes;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.testkit.KafkaTestClient;
import java.net.URI;
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

    /**
     * Sends a Freight of {@code project} with one image {@code tag} as a producer of {@code freight-created} version 1
     * wrote it, before charts and commits: type v1, no {@code charts} or {@code commits} fields.
     */
    public void freightOfVersion1(String project, String id, String alias, String tag, String source, Instant at) {
        ImageRef image = new ImageRef("registry.test/acme/" + project, tag, "sha256:" + "0".repeat(64));
        FreightCreated freight = PromotionEvents.freightCreated(
                id, alias, project, image, PromotionEvents.source("acme/" + project, source), at);
        CloudEventAttributes current =
                CloudEventAttributes.newEvent(EventType.FREIGHT_CREATED, freight, URI.create("/test"), source, null);
        CloudEventAttributes older = new CloudEventAttributes(
                current.id(),
                current.source(),
                CloudEventTypes.FREIGHT_CREATED_V1,
                current.subject(),
                current.time(),
                current.correlationId(),
                null);
        ObjectNode data = EventCodec.mapper().valueToTree(freight);
        data.remove(List.of("charts", "commits"));
        kafka.produceRaw(
                EventType.FREIGHT_CREATED.topic(),
                freight.partitionKey(),
                data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                KafkaCloudEventHeaders.toHeaders(older));
        sent.add(older.id());
    }

    /**
     * Sends a Freight of {@code project} built from {@code source} holding an image {@code tag}, the chart of
     * {@link #chart} at the same version and a commit of a configuration repository with {@code commitMessage}.
     */
    public void freightWithChartAndCommit(
            String project, String id, String alias, String tag, String source, String commitMessage, Instant at) {
        ImageRef image = new ImageRef("registry.test/acme/" + project, tag, "sha256:" + "0".repeat(64));
        SourceCommit built = PromotionEvents.source("acme/" + project, source);
        FreightCreated freight = new FreightCreated(
                id,
                alias,
                project,
                "images",
                List.of(image),
                source,
                List.of(built),
                at,
                List.of(chart(project, tag)),
                List.of(new GitCommitRef(
                        "http://git.test/acme/" + project + "-config.git", "main", source, commitMessage)));
        send(EventType.FREIGHT_CREATED, freight, source);
    }

    /** Sends that build-worker pushed {@link #chart} version {@code version}, packaged from {@code source}. */
    public void chartPublished(String project, String version, String source, Instant at) {
        ChartRef chart = chart(project, version);
        send(
                EventType.CHART_PUBLISHED,
                new ChartPublished(
                        chart.repository(),
                        version,
                        version,
                        chart.digest(),
                        PromotionEvents.source("acme/" + project, source),
                        "build-" + version,
                        at),
                source);
    }

    /** The chart of {@code project}, {@code registry.test/acme/charts/<project>}. */
    public static ChartRef chart(String project, String version) {
        return new ChartRef("registry.test/acme/charts/" + project, version, "sha256:" + "c".repeat(64));
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
