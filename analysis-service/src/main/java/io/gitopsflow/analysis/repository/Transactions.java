package io.gitopsflow.analysis.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Where a unit of work begins and ends: the services decide what belongs together, the repositories run in the
 * session (and transaction) this opens, so no service touches Hibernate itself.
 */
@ApplicationScoped
public class Transactions {

    /** Runs {@code work} in one transaction: committed when it completes, rolled back when it fails. */
    public <T> Uni<T> write(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work);
    }

    /** Runs {@code work} in a session of its own, for reads. */
    public <T> Uni<T> read(Supplier<Uni<T>> work) {
        return Panache.withSession(work);
    }
}
