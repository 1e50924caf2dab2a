package io.gitopsflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsumerGroupMembershipTest {

    @Test
    void aConsumerGivesUpASilentMemberAfterTenSecondsAndHeartbeatsEveryThirdOfIt() {
        Map<String, Object> config = consumer();
        new ConsumerGroupMembership(Duration.ofSeconds(10), Optional.empty()).customize("commit-pushed", null, config);
        assertThat(config)
                .containsEntry("session.timeout.ms", "10000")
                .containsEntry("heartbeat.interval.ms", "3333")
                .doesNotContainKey("group.instance.id");
    }

    @Test
    void anInstanceWithAStableNameJoinsAsAStaticMemberPerConsumer() {
        Map<String, Object> config = consumer();
        new ConsumerGroupMembership(Duration.ofSeconds(10), Optional.of("build-worker-7d9f-x2"))
                .customize("commit-pushed", null, config);
        assertThat(config).containsEntry("group.instance.id", "build-worker-7d9f-x2-kafka-consumer-commit-pushed");
    }

    @Test
    void aChannelsOwnSettingsWinAndAProducerIsLeftAlone() {
        Map<String, Object> config = consumer();
        config.put("session.timeout.ms", "6000");
        config.put("group.instance.id", "mine");
        new ConsumerGroupMembership(Duration.ofSeconds(10), Optional.of("pod-0")).customize("c", null, config);
        assertThat(config).containsEntry("session.timeout.ms", "6000").containsEntry("group.instance.id", "mine");

        Map<String, Object> producer = new HashMap<>(Map.of("client.id", "kafka-producer-x"));
        new ConsumerGroupMembership(Duration.ofSeconds(10), Optional.of("pod-0")).customize("x", null, producer);
        assertThat(producer).containsOnlyKeys("client.id");
    }

    @Test
    void aBlankInstanceNameIsNoName() {
        Map<String, Object> config = consumer();
        new ConsumerGroupMembership(Duration.ofSeconds(10), Optional.of("  ")).customize("c", null, config);
        assertThat(config).doesNotContainKey("group.instance.id");
    }

    private static Map<String, Object> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put("group.id", "build-worker");
        config.put("client.id", "kafka-consumer-commit-pushed");
        return config;
    }
}
