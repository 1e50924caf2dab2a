package io.gitopsflow.promotion.repository;

import io.gitopsflow.messaging.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs one decision in its own transaction and session, and runs it again when another instance (or another event)
 * changed the same rows first: an optimistic-lock conflict or a unique constraint means "decide again on fresh
 * state", never a failure to report.
 */
@ApplicationScoped
public class Transactions {

    private static final Set<String> CONFLICTS = Set.of(
            "OptimisticLockException",
            "StaleObjectStateException",
            "StaleStateException",
            "ConstraintViolationException");
    private static final Set<String> CONFLICT_SQL_STATES = Set.of("23505", "40001", "40P01");

    private final Vertx vertx;

    public Transactions(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom()
                .deferred(() -> VertxContexts.onNewContext(vertx, () -> Panache.withTransaction(work)))
                .onFailure(Transactions::isConflict)
                .retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofMillis(500))
                .atMost(10);
    }

    static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (CONFLICTS.contains(cause.getClass().getSimpleName())) {
                return true;
            }
            if (cause instanceof io.vertx.pgclient.PgException pg && CONFLICT_SQL_STATES.contains(pg.getSqlState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
