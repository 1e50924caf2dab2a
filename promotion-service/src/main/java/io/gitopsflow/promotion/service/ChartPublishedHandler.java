package io.gitopsflow.promotion.service;

import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.promotion.warehouse.Arrival;
import io.gitopsflow.spec.pipeline.ChartSubscription;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns published Helm charts into Freight of the Warehouses that subscribe to them (a version within the
 * subscription's semver constraint), and lets the pipeline's stages auto-promote a new one. A version outside the
 * constraint is ignored (logged).
 */
@ApplicationScoped
public class ChartPublishedHandler {

    private final PipelineRegistry pipelines;
    private final ArtifactArrivals arrivals;

    public ChartPublishedHandler(PipelineRegistry pipelines, ArtifactArrivals arrivals) {
        this.pipelines = pipelines;
        this.arrivals = arrivals;
    }

    public Uni<Void> onChartPublished(EventEnvelope<ChartPublished> event) {
        ChartPublished chart = event.data();
        String sourceCommit = chart.source() == null ? null : chart.source().commit();
        List<ArtifactArrivals.Eligible> eligible = new ArrayList<>();
        for (Pipeline pipeline : pipelines.pipelines()) {
            Optional<ChartSubscription> subscription = pipeline.warehouse().chart(chart.chartRepository());
            if (subscription.isEmpty()) {
                continue;
            }
            if (!subscription.get().admits(chart.version())) {
                Log.infof(
                        "chart %s %s is not within pipeline %s's constraint %s",
                        chart.chartRepository(),
                        chart.version(),
                        pipeline.name(),
                        subscription.get().constraint());
                continue;
            }
            Arrival arrival = Arrival.of(chart.chart(), sourceCommit);
            eligible.add(new ArtifactArrivals.Eligible(pipeline, arrival));
        }
        return arrivals.arrive(eligible, event.attributes().correlationId());
    }
}
