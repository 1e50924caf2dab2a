package io.gitopsflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** The channel conventions, checked on plain configurations. */
class MessagingConventionsTest {

    private static final String IN = "mp.messaging.incoming.commit-pushed.";

    @Test
    void acceptsAChannelWiredAsTheContractSays() {
        assertThat(MessagingConventions.violations(config(Map.of(
                        IN + "connector",
                        "smallrye-kafka",
                        IN + "value.deserializer",
                        "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                        IN + "failure-strategy",
                        "dead-letter-queue",
                        IN + "dead-letter-queue.topic",
                        "commit-pushed.dlq",
                        "mp.messaging.outgoing.image-published.connector",
                        "smallrye-kafka",
                        "mp.messaging.outgoing.image-published.acks",
                        "all"))))
                .isEmpty();
    }

    @Test
    void namesEveryBrokenRule() {
        assertThat(MessagingConventions.violations(config(Map.of(
                        IN + "connector",
                        "smallrye-kafka",
                        IN + "failure-strategy",
                        "ignore",
                        IN + "dead-letter-queue.topic",
                        "dead-letter-topic-commit-pushed",
                        "mp.messaging.outgoing.image-published.connector",
                        "smallrye-kafka",
                        "mp.messaging.outgoing.image-published.acks",
                        "1"))))
                .containsExactlyInAnyOrder(
                        IN + "value.deserializer must be org.apache.kafka.common.serialization.ByteArrayDeserializer"
                                + " (missing)",
                        IN + "failure-strategy must be dead-letter-queue, not ignore",
                        IN + "dead-letter-queue.topic must be commit-pushed.dlq, not dead-letter-topic-commit-pushed",
                        "mp.messaging.outgoing.image-published.acks must be all, not 1");
    }

    @Test
    void leavesChannelsOfOtherTopicsAlone() {
        assertThat(MessagingConventions.violations(config(Map.of(
                        "mp.messaging.incoming.audit.connector", "smallrye-kafka",
                        "mp.messaging.incoming.audit.topic", "someone-elses-topic"))))
                .isEmpty();
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}
