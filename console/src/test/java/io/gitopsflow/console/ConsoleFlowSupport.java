package io.gitopsflow.console;

import static org.awaitility.Awaitility.await;

import io.gitopsflow.console.ConsoleFlow.Shipment;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.KafkaTestClient;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What {@link ConsoleFlowIT} expects and how it waits: the DORA history it publishes with its known figures, the
 * timeline steps a promotion of {@link ConsoleFlow} gives, and the wait until the console consumed everything sent.
 */
final class ConsoleFlowSupport {

    private ConsoleFlowSupport() {}

    /**
     * Publishes a fresh pipeline's history in prod: D1..D4 with lead times 1 h, 2 h, 3 h, 4 h at -9 d, -8 d, -6 d+2 h
     * and -4 d; a verification failure at -6 d that D3 restored 2 h later; a rollback to D3's Freight asked for at
     * -3 d and verified 30 min later, which replaced D4. Over 30 days: 5 deployments, lead time p50 9000 s and p90
     * 13320 s (interpolated over 3600, 7200, 10800, 14400), 2 failures over 6 changes, time to restore the median of
     * 7200 s and 1800 s: 4500 s.
     */
    static ConsoleFlow publishDoraHistory(KafkaTestClient kafka, Instant now) {
        ConsoleFlow history = new ConsoleFlow(now.minus(Duration.ofDays(10)));
        history.configured();
        Shipment first = history.committed(ago(now, 9, 3600));
        history.deployed(first, "prod", ago(now, 9, 0));
        Shipment second = history.committed(ago(now, 8, 7200));
        history.deployed(second, "prod", ago(now, 8, 0));
        Shipment failing = history.committed(ago(now, 7, 0));
        history.failedVerification(failing, "prod", ago(now, 6, 0));
        Shipment third = history.committed(ago(now, 6, 3600));
        history.deployed(third, "prod", ago(now, 6, -7200));
        Shipment fourth = history.committed(ago(now, 4, 14400));
        history.deployed(fourth, "prod", ago(now, 4, 0));
        history.rolledBack(third, "prod", ago(now, 3, 0), ago(now, 3, -1800));
        ConsoleFlow.send(kafka, history.inOrder());
        return history;
    }

    /** Whether every promotion of the DORA history is counted in {@code dora}. */
    static boolean complete(JsonPath dora) {
        return dora.getLong("pipelineFigures.deploymentFrequency.deployments") == 5
                && dora.getLong("pipelineFigures.changeFailureRate.changes") == 6
                && dora.getLong("pipelineFigures.changeFailureRate.rollbacks") == 1
                && dora.getLong("pipelineFigures.timeToRestore.restored") == 2;
    }

    /**
     * The timeline steps of a whole {@link ConsoleFlow#promote promotion}, as {@link #described} gives them: created
     * {@code createdMillis} after its Freight, each event a second after the one before.
     */
    static List<String> promotionSteps(String stage, long createdMillis, String creator, String... reviewers) {
        List<String> steps = new ArrayList<>();
        steps.add("promotion-created info " + stage + " " + createdMillis + " " + creator);
        for (int i = 0; i < reviewers.length; i++) {
            steps.add("promotion-approved succeeded " + stage + " " + (i + 1) * 1000 + " " + reviewers[i]);
        }
        long waited = reviewers.length * 1000L;
        steps.addAll(List.of(
                "promotion-phase-changed info " + stage + " " + (waited + 1000) + " Writing",
                "promotion-requested info " + stage + " " + (waited + 2000) + " -",
                "gitops-commit succeeded " + stage + " 1000 -",
                "promotion-phase-changed info " + stage + " 3000 Written",
                "promotion-phase-changed info " + stage + " 1000 HealthCheck",
                "promotion-phase-changed info " + stage + " 1000 Verifying",
                "stage-promoted succeeded " + stage + " 5000 -",
                "analysis-completed succeeded " + stage + " 1000 error-rate=0.01",
                "promotion-phase-changed succeeded " + stage + " " + (waited + 9000) + " Succeeded"));
        return steps;
    }

    /**
     * Each step of {@code timeline} as one line: kind, outcome, stage, duration in milliseconds, and its telling fact
     * (the phase reached, the actor who asked or approved, the Freight's alias, the analysis' metric).
     */
    static List<String> described(JsonPath timeline) {
        List<Map<String, Object>> steps = timeline.getList("steps");
        return steps.stream().map(ConsoleFlowSupport::described).toList();
    }

    @SuppressWarnings("unchecked")
    private static String described(Map<String, Object> step) {
        Map<String, Object> details = (Map<String, Object>) step.get("details");
        String kind = (String) step.get("kind");
        Object fact = switch (kind) {
            case "promotion-phase-changed" -> details.get("phase");
            case "promotion-created", "promotion-approved" -> details.get("actor");
            case "freight-created" -> details.get("alias");
            case "analysis-completed" -> {
                Map<String, Object> metric = ((List<Map<String, Object>>) details.get("metrics")).get(0);
                yield metric.get("name") + "=" + metric.get("lastValue");
            }
            default -> "-";
        };
        Object stage = step.get("stage") == null ? "-" : step.get("stage");
        return String.join(
                " ",
                kind,
                (String) step.get("outcome"),
                stage.toString(),
                String.valueOf(step.get("durationMillis")),
                String.valueOf(fact));
    }

    /** Waits until the console's consumer group committed {@code topics} up to their present end: it read all sent. */
    static void awaitLiveConsumerCaughtUp(List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaCluster.shared().bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (var description :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                description
                        .partitions()
                        .forEach(partition -> latest.put(
                                new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new LinkedHashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.flow.group.id", String.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                return ends.entrySet().stream()
                        .allMatch(end -> end.getValue() == 0
                                || (committed.get(end.getKey()) != null
                                        && committed.get(end.getKey()).offset() >= end.getValue()));
            });
        }
    }

    /** The rows of each table of {@code dump} that name one of {@code markers} in a value. */
    static Map<String, List<List<String>>> concerning(Map<String, List<List<String>>> dump, Set<String> markers) {
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

    /** {@code days} days and {@code seconds} seconds before {@code now} (negative seconds: after the day mark). */
    private static Instant ago(Instant now, int days, long seconds) {
        return now.minus(Duration.ofDays(days)).minusSeconds(seconds);
    }
}
