package io.gitopsflow.writer.git;

import io.gitopsflow.writer.git.AttemptOutcome.Rejection;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A write's attempts, under the clone's lock: when another writer moved the branch first the host rejects the push
 * (it is never forced), and the write fetches, re-applies and pushes again after a bounded, jittered exponential
 * backoff ({@link PushRetry}). A clone left broken by a crash is rebuilt once. The retry is a small loop rather than
 * SmallRye Fault Tolerance's programmatic API: that API needs the CDI container, which this plain class and its tests
 * do not have, and the decision to retry comes from a push status, not from an exception.
 */
final class PushWithRetry {

    private final PushRetry retry;
    private final LocalClones clones;
    private final WriteAttempt attempts;

    PushWithRetry(PushRetry retry, LocalClones clones, WriteAttempt attempts) {
        this.retry = retry;
        this.clones = clones;
        this.attempts = attempts;
    }

    /** Writes {@code request}; the caller holds the lock of {@code target}'s clone. */
    <C> WriteResult<C> write(CloneTarget target, WriteRequest<C> request) {
        Rejection rejection = null;
        boolean cloneRebuilt = false;
        for (int attempt = 1; ; attempt++) {
            AttemptOutcome<C> outcome;
            try {
                outcome = attempts.run(target, request, attempt, rejection);
            } catch (LocalFailure e) {
                // a clone left broken by a crash (stale lock file, half-written pack) is rebuilt once, not retried
                if (cloneRebuilt || attempt >= retry.maxAttempts()) {
                    return WriteFailures.failed(
                            target, WriteFailure.WORKSPACE, "cannot use the local clone: " + e.getMessage(), attempt);
                }
                Log.warnf("discarding the local clone for %s: %s", target, e.getMessage());
                cloneRebuilt = true;
                clones.discard(target);
                continue;
            }
            if (outcome.result() != null) {
                return outcome.result();
            }
            rejection = outcome.rejection();
            if (attempt >= retry.maxAttempts()) {
                return WriteFailures.failed(
                        target,
                        WriteFailure.CONCURRENT_UPDATES,
                        "the push to " + target + " was still rejected after " + attempt + " attempts: "
                                + rejection.message(),
                        attempt);
            }
            if (!waitBeforeAttempt(target, rejection, attempt)) {
                return WriteFailures.failed(
                        target, WriteFailure.WORKSPACE, "interrupted while waiting to retry", attempt);
            }
        }
    }

    /** Sleeps the backoff after {@code attempt} rejected pushes; false when interrupted. */
    private boolean waitBeforeAttempt(CloneTarget target, Rejection rejection, int attempt) {
        Duration delay = retry.backoff(attempt, ThreadLocalRandom.current());
        Log.infof(
                "push to %s rejected (%s); re-applying in %d ms (attempt %d of %d)",
                target, rejection.message(), delay.toMillis(), attempt + 1, retry.maxAttempts());
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
