package io.gitopsflow.messaging.work;

import io.gitopsflow.messaging.VertxContexts;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Publishes stored answers and marks those the broker acknowledged: right after they were stored, and again on every
 * tick for those it did not take (the broker was down, the instance stopped between the two). An answer that was not
 * published stays in the outbox; nothing here fails the caller. One relay publishes one call's answers at a time, in
 * the order the calls came: two transactions stored one after the other (a promotion created, then writing) reach
 * their partition in that order, where two concurrent sends could be acknowledged the other way round.
 */
public final class OutboxRelay {

    /** Publishes the answers of {@code ids}; returns the ids the broker acknowledged. */
    @FunctionalInterface
    public interface Publisher {
        Uni<List<String>> publish(List<String> ids);
    }

    /** How long a published answer's mark is retried while the database is away. */
    static final Duration MARK_RETRY_FOR = Duration.ofMinutes(1);

    private final Outbox outbox;
    private final Publisher publisher;
    private final int batch;
    private final Duration claim;
    /** Completes when the last publish started has ended: the next one waits for it. */
    private final AtomicReference<CompletableFuture<Void>> lastPublish =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

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
        return inTurn(() -> publisher.publish(ids))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "%d answer(s) of %s are not published yet (sent again later): %s",
                            ids.size(), outbox.table().table(), failure.getMessage());
                    return List.of();
                })
                // an answer Kafka took but that is not marked would be published again: the mark waits out a
                // short database outage (after a long one the tick publishes it again)
                .chain(published -> Uni.createFrom()
                        .deferred(() -> outbox.markPublished(published))
                        .onFailure()
                        .retry()
                        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                        .expireIn(MARK_RETRY_FOR.toMillis())
                        .onFailure()
                        .recoverWithUni(failure -> {
                            Log.warnf(
                                    "%d published answer(s) of %s are not marked yet (sent again later): %s",
                                    published.size(), outbox.table().table(), failure.getMessage());
                            return Uni.createFrom().voidItem();
                        }));
    }

    /**
     * Runs {@code publish} once every publish started before it has ended (on the caller's Vert.x context, where the
     * publisher's database reads must run), and lets the next one go when it ends, however it ends.
     */
    private Uni<List<String>> inTurn(Supplier<Uni<List<String>>> publish) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> before = lastPublish.getAndSet(mine);
            Uni<List<String>> turn = before.isDone()
                    ? Uni.createFrom().deferred(publish::get)
                    : Uni.createFrom()
                            .completionStage(before)
                            .emitOn(VertxContexts.backHere())
                            .chain(ignored -> publish.get());
            return turn.onTermination().invoke(() -> mine.complete(null));
        });
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
