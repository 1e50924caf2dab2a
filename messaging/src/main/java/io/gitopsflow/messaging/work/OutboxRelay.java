package io.gitopsflow.messaging.work;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Publishes stored answers and marks those the broker acknowledged: right after they were stored, and again on every
 * tick for those it did not take (the broker was down, the instance stopped between the two). An answer that was not
 * published stays in the outbox; nothing here fails the caller.
 */
public final class OutboxRelay {

    /** Publishes the answers of {@code ids}; returns the ids the broker acknowledged. */
    @FunctionalInterface
    public interface Publisher {
        Uni<List<String>> publish(List<String> ids);
    }

    private final Outbox outbox;
    private final Publisher publisher;
    private final int batch;
    private final Duration claim;

    /**
     * @param batch how many answers one tick publishes again at most
     * @param claim how long a claimed answer is left to the instance that claimed it
     */
    public OutboxRelay(Outbox outbox, Publisher publisher, int batch, Duration claim) {
        if (batch < 1) {
            throw new IllegalArgumentException("the outbox batch must be at least 1");
        }
        this.outbox = outbox;
        this.publisher = publisher;
        this.batch = batch;
        this.claim = claim;
    }

    public OutboxRelay(Outbox outbox, Publisher publisher) {
        this(outbox, publisher, 200, Duration.ofSeconds(30));
    }

    /** Publishes the answers of {@code ids} just stored, and marks those the broker took. */
    public Uni<Void> publishNow(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> publisher.publish(ids))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "%d answer(s) of %s are not published yet (sent again later): %s",
                            ids.size(), outbox.table().table(), failure.getMessage());
                    return List.of();
                })
                .chain(published -> outbox.markPublished(published).onFailure().recoverWithUni(failure -> {
                    Log.warnf(
                            "%d published answer(s) of %s are not marked yet (sent again later): %s",
                            published.size(), outbox.table().table(), failure.getMessage());
                    return Uni.createFrom().voidItem();
                }));
    }

    /**
     * The safety net: publishes the answers still waiting, except those in {@code inFlight} (their work is still
     * publishing them).
     *
     * @return how many were published again
     */
    public Uni<Integer> republish(Set<String> inFlight) {
        return outbox.due(batch, claim).chain(due -> {
            List<String> ids = due.stream().filter(id -> !inFlight.contains(id)).toList();
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return publishNow(ids)
                    .invoke(() -> Log.infof(
                            "published %d stored answer(s) of %s again",
                            ids.size(), outbox.table().table()))
                    .replaceWith(ids.size());
        });
    }
}
