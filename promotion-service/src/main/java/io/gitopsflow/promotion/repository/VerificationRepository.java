package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.FreightVerification;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Freight verified per stage. */
@ApplicationScoped
public class VerificationRepository implements PanacheRepositoryBase<FreightVerification, String> {

    public Uni<List<FreightVerification>> byPipeline(String pipeline) {
        return list("pipeline", pipeline);
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
