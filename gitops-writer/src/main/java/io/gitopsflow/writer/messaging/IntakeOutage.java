package io.gitopsflow.writer.messaging;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@code promotion-requested} poll waiting for an outage to end (its requests cannot be queued while the database is
 * away), for readiness to report: the shared consumer-outage report covers records taken one at a time, and the writer
 * takes whole polls.
 */
@ApplicationScoped
public class IntakeOutage {

    /** The poll waiting now. */
    public record Waiting(int records, String reason, int attempts, Instant since) {}

    private final AtomicReference<Waiting> waiting = new AtomicReference<>();

    void failed(int records, Throwable failure) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Waiting now = waiting.updateAndGet(before -> before == null
                ? new Waiting(records, reason, 1, Instant.now())
                : new Waiting(records, reason, before.attempts() + 1, before.since()));
        Log.warnf(
                "queueing %d promotion-requested record(s) met an outage (attempt %d): %s; retrying (nothing goes to"
                        + " the dead-letter topic)",
                records, now.attempts(), reason);
    }

    void ended() {
        waiting.set(null);
    }

    /** The poll waiting now, if any. */
    public Optional<Waiting> waiting() {
        return Optional.ofNullable(waiting.get());
    }
}
