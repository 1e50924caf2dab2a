package io.gitopsflow.testkit.quarkus;

import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.KafkaCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the shared real Kafka broker ({@code kafka.bootstrap.servers}) and creates every
 * topic of the contract and its dead-letter topic first, so consumers never wait for auto-creation. Init arg
 * {@code topics}: extra topics, comma separated; {@code partitions}: partitions per topic (default 1).
 */
public final class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private List<String> extraTopics = List.of();
    private int partitions = 1;

    @Override
    public void init(Map<String, String> initArgs) {
        String topics = initArgs.get("topics");
        if (topics != null && !topics.isBlank()) {
            extraTopics = Arrays.stream(topics.split(",")).map(String::trim).toList();
        }
        partitions = Integer.parseInt(initArgs.getOrDefault("partitions", "1"));
    }

    @Override
    public Map<String, String> start() {
        KafkaCluster kafka = KafkaCluster.shared();
        List<String> topics = new ArrayList<>(extraTopics);
        for (EventType<?> type : EventType.all()) {
            topics.add(type.topic());
            topics.add(type.deadLetterTopic());
        }
        kafka.createTopics(partitions, topics);
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker is shared by every test of the JVM and stops when the JVM exits
    }
}
