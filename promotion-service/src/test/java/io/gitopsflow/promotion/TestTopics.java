package io.gitopsflow.promotion;

import io.gitopsflow.testkit.KafkaCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Moves the service's incoming channels and their dead-letter topics onto topics of one test class only, so the test
 * can say "nothing went to a dead-letter topic" although other tests of the JVM share the broker. The outgoing topics
 * stay the contract's.
 */
public final class TestTopics implements QuarkusTestResourceLifecycleManager {

    /** The channels promotion-service consumes. */
    public static final List<String> INCOMING =
            List.of("image-published", "chart-published", "manifest-updated", "analysis-completed", "commit-pushed");

    private static final String SUFFIX = "-" + UUID.randomUUID().toString().substring(0, 8);

    /** The topic the service consumes {@code channel} from in this test. */
    public static String topic(String channel) {
        return channel + SUFFIX;
    }

    /** The dead-letter topic of {@code channel} in this test. */
    public static String deadLetterTopic(String channel) {
        return topic(channel) + ".dlq";
    }

    @Override
    public Map<String, String> start() {
        List<String> topics = new ArrayList<>();
        Map<String, String> config = new HashMap<>();
        for (String channel : INCOMING) {
            topics.add(topic(channel));
            topics.add(deadLetterTopic(channel));
            config.put("mp.messaging.incoming." + channel + ".topic", topic(channel));
            config.put("mp.messaging.incoming." + channel + ".dead-letter-queue.topic", deadLetterTopic(channel));
        }
        KafkaCluster.shared().createTopics(1, topics);
        return config;
    }

    @Override
    public void stop() {}
}
