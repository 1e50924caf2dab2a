package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
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
import java.util.Set;

/**
 * The stored answers on their way to Kafka: published right after they are stored, marked published once Kafka took
 * them; an answer Kafka did not take is published again by the dispatcher's tick.
 */
@ApplicationScoped
public class AnswerOutbox {

    private static final int REPUBLISH_LIMIT = 200;

    private final ManifestWriteRepository writes;
    private final ManifestUpdatedPublisher publisher;

    public AnswerOutbox(ManifestWriteRepository writes, ManifestUpdatedPublisher publisher) {
        this.writes = writes;
        this.publisher = publisher;
    }

    /**
     * Publishes the answers at once (handed to Kafka in one go, which keeps their order within a partition) and marks
     * those Kafka took in one statement; one Kafka did not take stays unpublished.
     *
     * @param requests the requests at hand, by request id; the others are read from the stored JSON
     */
    public Uni<Void> publishAndMark(List<ManifestWrite> answered, Map<String, PromotionRequested> requests) {
        if (answered.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> publisher.publishAll(events(answered, requests)))
                .map(outcomes -> taken(answered, outcomes))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "the answers to %d request(s) are not published yet (sent again later): %s",
                            answered.size(), failure.getMessage());
                    return List.of();
                })
                .chain(writes::markPublished);
    }

    /** Publishes stored answers again (a redelivered request); fails when Kafka did not take one. */
    public Uni<Void> publishOrFail(List<ManifestWrite> answered) {
        return Uni.createFrom()
                .deferred(() -> publisher.publishAll(events(answered, Map.of())))
                .invoke(outcomes -> outcomes.stream()
                        .filter(Objects::nonNull)
                        .findFirst()
                        .ifPresent(failure -> {
                            throw new IllegalStateException(
                                    "cannot publish a stored answer again: " + failure.getMessage(), failure);
                        }))
                .replaceWithVoid();
    }

    /** The safety net: publishes stored answers Kafka has not taken, but those of writes still in flight here. */
    public Uni<Void> publishUnpublished(Set<String> inFlight) {
        return writes.unpublished(REPUBLISH_LIMIT).chain(ids -> {
            List<String> due = ids.stream().filter(id -> !inFlight.contains(id)).toList();
            if (due.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return writes.inAnswerOrder(due)
                    .chain(answered -> publishAndMark(answered, Map.of()))
                    .invoke(() -> Log.infof("published %d stored answer(s) again", due.size()));
        });
    }

    private static List<Outgoing> events(List<ManifestWrite> answered, Map<String, PromotionRequested> requests) {
        List<Outgoing> events = new ArrayList<>(answered.size());
        for (ManifestWrite write : answered) {
            events.add(WriteAnswers.event(write, requests.get(write.requestId)));
        }
        return events;
    }

    private static List<String> taken(List<ManifestWrite> answered, List<Throwable> outcomes) {
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
    }
}
