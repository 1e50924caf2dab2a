package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.FreightVerification;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Freight verified per stage. */
@ApplicationScoped
public class VerificationRepository implements PanacheRepositoryBase<FreightVerification, String> {

    public Uni<List<FreightVerification>> byPipeline(String pipeline) {
        return list("pipeline", pipeline);
    }

    /**
     * The ids of the pipeline's Freight verified in any of {@code stages} at or before {@code by}, read as plain values
     * (a pipeline's history of verifications is not registered in the session).
     */
    public Uni<Set<String>> verifiedIn(String pipeline, Collection<String> stages, OffsetDateTime by) {
        if (stages.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession()
                .chain(session -> session.createQuery(
                                "select distinct v.freightId from FreightVerification v where v.pipeline = ?1"
                                        + " and v.stage in ?2 and v.verifiedAt <= ?3",
                                String.class)
                        .setParameter(1, pipeline)
                        .setParameter(2, stages)
                        .setParameter(3, by)
                        .getResultList())
                .map(Set::copyOf);
    }

    /**
     * Which of the pipeline's Freight of {@code freightIds} were verified in which stage, as {@link #key}s, read by the
     * unique index of Freight, pipeline and stage.
     */
    public Uni<Set<String>> verifiedKeys(String pipeline, Collection<String> freightIds) {
        if (freightIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession()
                .chain(session -> session.createQuery(
                                "select v.freightId, v.stage from FreightVerification v where v.freightId in ?1"
                                        + " and v.pipeline = ?2",
                                Object[].class)
                        .setParameter(1, freightIds)
                        .setParameter(2, pipeline)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> key((String) row[0], pipeline, (String) row[1]))
                        .collect(Collectors.toUnmodifiableSet()));
    }

    /** The Freight verified last in the stage, other than {@code freightId}; null when there is none. */
    public Uni<FreightVerification> lastVerifiedOtherThan(String pipeline, String stage, String freightId) {
        return find(
                        "pipeline = ?1 and stage = ?2 and freightId <> ?3 order by verifiedAt desc, id",
                        pipeline,
                        stage,
                        freightId)
                .firstResult();
    }

    public static String key(String freightId, String pipeline, String stage) {
        return freightId + "/" + pipeline + "/" + stage;
    }
}
