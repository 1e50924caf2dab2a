package io.gitopsflow.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records being retried now because their handler met an outage, by topic and partition: readiness reports them,
 * so an operator sees which consumer waits and why.
 */
@ApplicationScoped
public class ConsumerOutages {

    /** One record waiting for an outage to end. */
    public record Waiting(String topic, String position, String reason, int attempts, Instant since) {}

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    void failed(String topic, String position, String reason) {
        waiting.compute(
                topic + " " + position,
                (key, before) -> before == null
                        ? new Waiting(topic, position, reason, 1, Instant.now())
                        : new Waiting(topic, position, reason, before.attempts() + 1, before.since()));
    }

    void ended(String topic, String position) {
        waiting.remove(topic + " " + position);
    }

    /** The records waiting now, by {@code topic position}. */
    public Map<String, Waiting> waiting() {
        return new TreeMap<>(waiting);
    }
}
