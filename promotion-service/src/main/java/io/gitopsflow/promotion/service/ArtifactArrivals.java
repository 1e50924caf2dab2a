package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.promotion.warehouse.Arrival;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What every subscription kind does once an artifact is found eligible for a pipeline's Warehouse: make the Freight in
 * one transaction (content the pipeline refuses is terminal, an outage is retried), then let the pipeline's stages
 * auto-promote a new one. Images, charts and Git commits share it, so every kind behaves alike.
 */
@ApplicationScoped
public class ArtifactArrivals {

    private final Transactions transactions;
    private final FreightMaker maker;
    private final AutoPromotion auto;

    public ArtifactArrivals(Transactions transactions, FreightMaker maker, AutoPromotion auto) {
        this.transactions = transactions;
        this.maker = maker;
        this.auto = auto;
    }

    /** One pipeline's eligible artifact. */
    public record Eligible(Pipeline pipeline, Arrival arrival) {}

    /** Makes the Freight of each eligible arrival and auto-promotes the pipelines that got a new one. */
    public Uni<Void> arrive(List<Eligible> eligible, String correlationId) {
        if (eligible.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> work = eligible.stream()
                .map(each -> transactions
                        .run(() -> maker.make(each.pipeline(), each.arrival(), correlationId))
                        .onFailure(ContentErrors::isRefusedContent)
                        .transform(ContentErrors::terminal)
                        .chain(created -> created
                                ? auto.promoteStages(each.pipeline())
                                : Uni.createFrom().voidItem()))
                .toList();
        return Uni.join().all(work).andFailFast().replaceWithVoid();
    }
}
