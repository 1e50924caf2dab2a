package io.gitopsflow.writer.service;

import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.repository.ManifestWriteRepository;
import io.gitopsflow.writer.repository.WriteBackoffRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Requests whose Git host could not be reached: they go back to the queue, and their target waits out a backoff
 * ({@link HostRetry}) before any of its requests is claimed again, so what arrives meanwhile joins the same batch.
 * Once the target has been unreachable for longer than the writer waits, they are answered FAILED with the reason.
 */
@ApplicationScoped
public class UnreachableTargets {

    private final WriteBackoffRepository backoffs;
    private final ManifestWriteRepository writes;
    private final HostRetry retry;
    private final WriteLeaseOwner owner;

    public UnreachableTargets(
            WriteBackoffRepository backoffs, ManifestWriteRepository writes, HostRetry retry, WriteLeaseOwner owner) {
        this.backoffs = backoffs;
        this.writes = writes;
        this.retry = retry;
        this.owner = owner;
    }

    /**
     * Puts {@code requests} (one target, unanswered) back in the queue for their target's next try.
     *
     * @param reason why the host could not be reached
     * @return nothing while the writer still waits; the requests answered FAILED once it gave up
     */
    public Uni<List<ManifestWrite>> retryLater(List<ManifestWrite> requests, String reason) {
        String targetKey = requests.get(0).targetKey;
        List<String> ids = requests.stream().map(write -> write.requestId).toList();
        return backoffs.failed(targetKey, reason, retry.initialBackoff(), retry.maxBackoff())
                .chain(backoff -> {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    if (retry.givesUp(backoff, now)) {
                        Log.warnf(
                                "%d request(s) for %s gave up after %d tries in %s: %s",
                                ids.size(), targetKey, backoff.failures(), retry.giveUpAfter(), reason);
                        return Uni.createFrom().item(givenUp(requests, reason, backoff.failures()));
                    }
                    Log.warnf(
                            "%d request(s) for %s wait %d ms for their Git host (try %d): %s",
                            ids.size(),
                            targetKey,
                            Math.max(0, Duration.between(now, backoff.retryAt()).toMillis()),
                            backoff.failures(),
                            reason);
                    return writes.release(ids, owner.name()).replaceWith(List.<ManifestWrite>of());
                });
    }

    private static List<ManifestWrite> givenUp(List<ManifestWrite> requests, String reason, int tries) {
        BatchWriter.Answer failed =
                BatchWriter.Answer.failed(reason + " (gave up after " + tries + " tries)", tries, false);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return requests.stream()
                .map(request -> WriteAnswers.answered(request, failed, now))
                .toList();
    }
}
