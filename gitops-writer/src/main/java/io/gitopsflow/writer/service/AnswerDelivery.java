package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.messaging.RetryPolicy;
import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxRelay;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.messaging.ManifestUpdatedPublisher;
import io.gitopsflow.writer.messaging.ManifestUpdatedPublisher.Outgoing;
import io.gitopsflow.writer.repository.ManifestWriteRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stored answers on their way to Kafka ({@code manifest-updated}): a batch's answers right after they were stored,
 * the outbox's waiting ones on the runner's tick ({@link OutboxRelay}), and a redelivered request's stored answer.
 */
@ApplicationScoped
public class AnswerDelivery implements OutboxRelay.Publisher {

    private final ManifestWriteRepository writes;
    private final ManifestUpdatedPublisher publisher;
    private final Outbox outbox;
    private final RetryPolicy retry;

    public AnswerDelivery(
            ManifestWriteRepository writes, ManifestUpdatedPublisher publisher, Outbox outbox, RetryPolicy retry) {
        this.writes = writes;
        this.publisher = publisher;
        this.outbox = outbox;
        this.retry = retry;
    }

    /** The relay's way: publishes the stored answers of {@code ids}; returns those Kafka acknowledged. */
    @Override
    public Uni<List<String>> publish(List<String> ids) {
        return writes.byIds(ids).chain(answered -> publish(answered, Map.of()));
    }

    /**
     * Publishes a batch's answers just stored (handed to Kafka in one go, which keeps their order within a partition)
     * and marks those Kafka took. The mark is retried while the database is away: an answer Kafka took but not marked
     * would be published again by the tick. One Kafka did not take stays for the tick.
     *
     * @param requests the requests at hand, by request id
     */
    public Uni<Void> deliver(List<ManifestWrite> answered, Map<String, PromotionRequested> requests) {
        if (answered.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> publish(answered, requests))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "the answers to %d request(s) are not published yet (sent again later): %s",
                            answered.size(), failure.getMessage());
                    return List.of();
                })
                .chain(published -> Uni.createFrom()
                        .deferred(() -> outbox.markPublished(published))
                        .onFailure()
                        .invoke(failure -> Log.warnf(
                                "cannot mark %d published answer(s) yet: %s", published.size(), failure.getMessage()))
                        .onFailure()
                        .retry()
                        .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                        .expireIn(BatchSettlement.OUTAGE_RETRY_FOR.toMillis()));
    }

    /** Publishes stored answers again (a redelivered request); fails when Kafka did not take one. */
    public Uni<Void> publishAgain(List<ManifestWrite> answered) {
        return publisher
                .publishAll(events(answered, Map.of()))
                .invoke(outcomes -> outcomes.stream()
                        .filter(Objects::nonNull)
                        .findFirst()
                        .ifPresent(failure -> {
                            throw new IllegalStateException(
                                    "cannot publish a stored answer again: " + failure.getMessage(), failure);
                        }))
                .replaceWithVoid();
    }

    private Uni<List<String>> publish(List<ManifestWrite> answered, Map<String, PromotionRequested> requests) {
        return publisher.publishAll(events(answered, requests)).map(outcomes -> {
            List<String> published = new ArrayList<>(answered.size());
            for (int i = 0; i < answered.size(); i++) {
                Throwable failure = outcomes.get(i);
                if (failure == null) {
                    published.add(answered.get(i).requestId);
                } else {
                    Log.warnf(
                            "the answer to %s is not published yet (sent again later): %s",
                            answered.get(i).requestId, failure.getMessage());
                }
            }
            return published;
        });
    }

    private static List<Outgoing> events(List<ManifestWrite> answered, Map<String, PromotionRequested> requests) {
        List<Outgoing> events = new ArrayList<>(answered.size());
        for (ManifestWrite write : answered) {
            events.add(WriteAnswers.event(write, requests.get(write.requestId)));
        }
        return events;
    }
}
