package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.DecisionEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** The decision events stored to publish (the outbox of freight-created and promotion-updated). */
@ApplicationScoped
public class DecisionEventRepository implements PanacheRepositoryBase<DecisionEvent, String> {

    /** The events of {@code ids}, in the order they were stored. */
    public Uni<List<DecisionEvent>> byIds(Collection<String> ids) {
        return list("id in ?1 order by seq", ids);
    }
}
