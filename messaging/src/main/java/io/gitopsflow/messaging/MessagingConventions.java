package io.gitopsflow.messaging;

import io.gitopsflow.events.EventType;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a service whose Kafka channels break the contract's conventions: every incoming channel on a
 * contract topic reads raw bytes (so a poison record reaches the DLQ intact) and sends failures to
 * {@code <topic>.dlq}; every outgoing channel waits for all in-sync replicas.
 */
@ApplicationScoped
public class MessagingConventions {

    private static final String INCOMING = "mp.messaging.incoming.";
    private static final String OUTGOING = "mp.messaging.outgoing.";
    private static final String BYTES_DESERIALIZER = "org.apache.kafka.common.serialization.ByteArrayDeserializer";

    void check(@Observes StartupEvent startup, Config config) {
        List<String> problems = violations(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "Kafka channel configuration breaks the gitops-flow conventions: " + String.join("; ", problems));
        }
    }

    static List<String> violations(Config config) {
        List<String> problems = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(INCOMING) && name.endsWith(".connector")) {
                String channel = name.substring(INCOMING.length(), name.length() - ".connector".length());
                String topic = value(config, INCOMING + channel + ".topic").orElse(channel);
                if (EventType.forTopic(topic).isEmpty()) {
                    continue;
                }
                String prefix = INCOMING + channel + ".";
                expect(config, prefix + "value.deserializer", BYTES_DESERIALIZER, problems);
                expect(config, prefix + "failure-strategy", "dead-letter-queue", problems);
                expect(config, prefix + "dead-letter-queue.topic", topic + ".dlq", problems);
            } else if (name.startsWith(OUTGOING) && name.endsWith(".connector")) {
                String channel = name.substring(OUTGOING.length(), name.length() - ".connector".length());
                value(config, OUTGOING + channel + ".acks")
                        .filter(acks -> !acks.equals("all") && !acks.equals("-1"))
                        .ifPresent(acks -> problems.add(OUTGOING + channel + ".acks must be all, not " + acks));
            }
        }
        return problems;
    }

    private static void expect(Config config, String property, String expected, List<String> problems) {
        String actual = value(config, property).orElse(null);
        if (!expected.equals(actual)) {
            problems.add(property + " must be " + expected + (actual == null ? " (missing)" : ", not " + actual));
        }
    }

    private static Optional<String> value(Config config, String property) {
        return config.getOptionalValue(property, String.class);
    }
}
