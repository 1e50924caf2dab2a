package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.messaging.RetryPolicy;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.repository.ManifestWriteRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What becomes of a written batch's requests: the answered ones are stored in one statement (while this instance still
 * holds the batch) and delivered; those whose host could not be reached go back to the queue ({@link
 * UnreachableTargets}). A database that is away is waited for: the Git work is done and is not repeated.
 */
@ApplicationScoped
public class BatchSettlement {

    /** How long storing an answer waits for the database before the batch is left to its lease. */
    static final Duration OUTAGE_RETRY_FOR = Duration.ofMinutes(15);

    private final ManifestWriteRepository writes;
    private final UnreachableTargets unreachable;
    private final AnswerDelivery delivery;
    private final WriteLeaseOwner owner;
    private final RetryPolicy retry;
    private final MeterRegistry meters;

    public BatchSettlement(
            ManifestWriteRepository writes,
            UnreachableTargets unreachable,
            AnswerDelivery delivery,
            WriteLeaseOwner owner,
            RetryPolicy retry,
            MeterRegistry meters) {
        this.writes = writes;
        this.unreachable = unreachable;
        this.delivery = delivery;
        this.owner = owner;
        this.retry = retry;
        this.meters = meters;
    }

    /**
     * Settles {@code batch} (claimed rows, in arrival order) with the writer's {@code answers}.
     *
     * @param requests the batch's requests, by request id
     */
    public Uni<Void> settle(
            List<ManifestWrite> batch,
            Map<String, PromotionRequested> requests,
            Map<String, BatchWriter.Answer> answers) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ManifestWrite> answered = new ArrayList<>();
        List<ManifestWrite> later = new ArrayList<>();
        String laterReason = null;
        for (ManifestWrite request : batch) {
            BatchWriter.Answer answer = answers.get(request.requestId);
            if (answer == null) {
                continue; // cannot happen: the writer answers every request it is given
            }
            if (answer.retryLater()) {
                later.add(request);
                laterReason = answer.reason();
            } else {
                answered.add(WriteAnswers.answered(request, answer, now));
            }
        }
        String reason = laterReason;
        return store(answered, requests)
                .chain(() -> later.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : unreachable.retryLater(later, reason).chain(givenUp -> store(givenUp, requests)));
    }

    /** Stores answers, waiting out a database outage, then delivers those this instance still held. */
    private Uni<Void> store(List<ManifestWrite> answered, Map<String, PromotionRequested> requests) {
        if (answered.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> writes.storeAnswers(answered, owner.name(), answered.get(0).updatedAt))
                .onFailure()
                .invoke(failure -> Log.warnf(
                        "cannot store %d answer(s) yet (retrying): %s", answered.size(), failure.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .expireIn(OUTAGE_RETRY_FOR.toMillis())
                .chain(storedIds -> {
                    Set<String> stored = new HashSet<>(storedIds);
                    List<ManifestWrite> kept = answered.stream()
                            .filter(write -> stored.contains(write.requestId))
                            .toList();
                    if (kept.size() < answered.size()) {
                        Log.warnf(
                                "%d answer(s) not stored: another instance took their batch over (lease ran out)",
                                answered.size() - kept.size());
                    }
                    count(kept);
                    return delivery.deliver(kept, requests);
                });
    }

    private void count(List<ManifestWrite> answered) {
        for (ManifestWrite write : answered) {
            Counter.builder("gitopsflow.writer.requests")
                    .tag("status", write.status.toLowerCase(Locale.ROOT))
                    .register(meters)
                    .increment();
            if (ManifestWrite.FAILED.equals(write.status)) {
                Log.warnf("request %s failed: %s", write.requestId, write.reason);
            }
        }
    }
}
