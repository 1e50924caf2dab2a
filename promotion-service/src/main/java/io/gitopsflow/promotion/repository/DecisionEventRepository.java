package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.DecisionEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** The decision events stored to publish (the outbox of freight-created and promotion-updated). */
@ApplicationScoped
public class DecisionEventRepository implements PanacheRepositoryBase<DecisionEvent, String> {

    /**
     * Stores {@code event} unless an event with its id is stored already (another instance, or this one before a
     * restart, stored the same one): one id, one row, one publishing.
     *
     * @return whether it was stored now
     */
    public Uni<Boolean> insertIfAbsent(DecisionEvent event) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into decision_event"
                                + " (id, topic, data_json, correlation_id, occurred_at, published, traceparent)"
                                + " values (?1, ?2, ?3, ?4, ?5, false, ?6) on conflict (id) do nothing")
                        .setParameter(1, event.id)
                        .setParameter(2, event.topic)
                        .setParameter(3, event.dataJson)
                        .setParameter(4, event.correlationId)
                        .setParameter(5, event.occurredAt)
                        .setParameter(6, event.traceparent)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }

    /** The events of {@code ids}, in the order they were stored. */
    public Uni<List<DecisionEvent>> byIds(Collection<String> ids) {
        return list("id in ?1 order by seq", ids);
    }
}
