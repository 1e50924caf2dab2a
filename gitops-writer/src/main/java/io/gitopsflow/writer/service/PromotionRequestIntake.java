package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.repository.ManifestWriteRepository;
import io.gitopsflow.writer.repository.ManifestWriteRepository.NewRequest;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Queues the requests of a poll durably in one statement, and the {@link WriteDispatcher} writes them with the other
 * requests of their target key; a request already answered publishes its stored answer again (a redelivery never
 * writes twice). The poll's offsets are committed once this is stored.
 */
@ApplicationScoped
public class PromotionRequestIntake {

    private static final int MAX_REQUEST_ID = 200;
    private static final int MAX_TARGET_KEY = 1500;
    private static final int MAX_CORRELATION_ID = 200;
    private static final int MAX_TRACEPARENT = 100;

    private final ManifestWriteRepository writes;
    private final WriteDispatcher dispatcher;
    private final AnswerDelivery answers;
    /** The last {@code created_at} given: requests are written in arrival order, so every one gets a later time. */
    private final AtomicReference<OffsetDateTime> lastQueued =
            new AtomicReference<>(OffsetDateTime.now(ZoneOffset.UTC));

    public PromotionRequestIntake(ManifestWriteRepository writes, WriteDispatcher dispatcher, AnswerDelivery answers) {
        this.writes = writes;
        this.dispatcher = dispatcher;
        this.answers = answers;
    }

    /**
     * Refuses a request the queue cannot hold as it is (an id, key or correlation longer than its column): it would
     * fail the same way every time, so it goes to the dead-letter topic with the reason.
     *
     * @throws InvalidEventException naming what is too long
     */
    public static void requireStorable(EventEnvelope<PromotionRequested> event) {
        requireAtMost("requestId", event.data().requestId(), MAX_REQUEST_ID);
        requireAtMost("the target (repository, branch)", WriteBatching.targetKey(event.data()), MAX_TARGET_KEY);
        requireAtMost("correlation id", event.attributes().correlationId(), MAX_CORRELATION_ID);
        requireAtMost("traceparent", event.attributes().traceparent(), MAX_TRACEPARENT);
    }

    private static void requireAtMost(String what, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidEventException(what + " is " + value.length() + " characters long, at most " + max);
        }
    }

    /** Queues {@code events} (in the order they were read) and completes when they are stored. */
    public Uni<Void> queue(List<EventEnvelope<PromotionRequested>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<NewRequest> requests = newRequests(events);
        // one promotion's requests (its targets) come together: alone, they need not wait for a burst
        dispatcher.arriving((int) events.stream()
                .map(event -> String.valueOf(event.data().promotionId()))
                .distinct()
                .count());
        return writes.queue(requests).chain(queued -> {
            Log.debugf("queued %d new request(s) of a poll of %d", queued.size(), events.size());
            List<PromotionRequested> fresh = events.stream()
                    .map(EventEnvelope::data)
                    .filter(request -> queued.contains(request.requestId()))
                    .toList();
            if (!fresh.isEmpty()) {
                dispatcher.queued(fresh);
            }
            Set<String> known = new LinkedHashSet<>();
            requests.stream()
                    .map(NewRequest::requestId)
                    .filter(id -> !queued.contains(id))
                    .forEach(known::add);
            return known.isEmpty() ? Uni.createFrom().voidItem() : publishAgain(List.copyOf(known));
        });
    }

    /** The rows to insert, each one microsecond after the one before (PostgreSQL keeps microseconds). */
    private List<NewRequest> newRequests(List<EventEnvelope<PromotionRequested>> events) {
        int size = events.size();
        OffsetDateTime first = lastQueued.updateAndGet(last -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            OffsetDateTime after = last.plusNanos(1_000);
            return now.isAfter(after) ? now : after;
        });
        List<NewRequest> requests = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            EventEnvelope<PromotionRequested> event = events.get(i);
            PromotionRequested request = event.data();
            requests.add(new NewRequest(
                    request.requestId(),
                    WriteBatching.targetKey(request),
                    new String(EventCodec.encode(request), StandardCharsets.UTF_8),
                    event.attributes().correlationId(),
                    event.attributes().traceparent(),
                    first.plusNanos(1_000L * i)));
        }
        OffsetDateTime last = requests.get(size - 1).createdAt();
        lastQueued.accumulateAndGet(last, (a, b) -> a.isAfter(b) ? a : b);
        return requests;
    }

    /** Requests already in the queue: those answered publish their stored answer again; the others are answered later. */
    private Uni<Void> publishAgain(List<String> ids) {
        return writes.byIds(ids).chain(existing -> {
            List<ManifestWrite> answered = new ArrayList<>();
            for (ManifestWrite write : existing) {
                // queued or being written: answered when written
                if (write.finished()) {
                    Log.infof("request %s was answered %s: publishing the answer again", write.requestId, write.status);
                    answered.add(write);
                }
            }
            // the poll's offsets wait for these: one Kafka did not take fails the poll
            return answered.isEmpty() ? Uni.createFrom().voidItem() : answers.publishAgain(answered);
        });
    }
}
