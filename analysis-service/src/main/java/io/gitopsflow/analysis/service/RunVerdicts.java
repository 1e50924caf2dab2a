package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.messaging.AnalysisEvents;
import io.gitopsflow.events.AnalysisCompleted;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/** Turns a completed run into {@code analysis-completed}, publishes it, and remembers that Kafka took it. */
@ApplicationScoped
public class RunVerdicts {

    private final AnalysisEvents events;
    private final Pool pool;

    public RunVerdicts(AnalysisEvents events, Pool pool) {
        this.events = events;
        this.pool = pool;
    }

    /** The event of a completed run and its metrics. */
    public static AnalysisCompleted verdict(AnalysisRun run, List<RunMetric> metrics) {
        List<AnalysisCompleted.MetricResult> results = metrics.stream()
                .map(metric -> new AnalysisCompleted.MetricResult(
                        metric.name,
                        phase(metric.phase),
                        metric.measurements,
                        metric.successful,
                        metric.failed,
                        metric.inconclusive,
                        metric.error,
                        metric.lastValue,
                        metric.message,
                        metric.dryRun))
                .toList();
        return new AnalysisCompleted(
                run.id,
                run.promotionId,
                run.project,
                run.stage,
                run.freightId,
                phase(run.phase),
                run.message,
                results,
                run.startedAt.toInstant(),
                run.completedAt.toInstant());
    }

    /** Publishes a completed run's verdict (read fresh from the database) and marks it published. */
    public Uni<Void> publish(String runId) {
        return Panache.withSession(() -> AnalysisRun.<AnalysisRun>findById(runId)
                        .chain(run -> RunMetric.<RunMetric>list("runId = ?1 order by position", runId)
                                .map(metrics -> new Object[] {run, metrics})))
                .chain(loaded -> {
                    AnalysisRun run = (AnalysisRun) loaded[0];
                    @SuppressWarnings("unchecked")
                    List<RunMetric> metrics = (List<RunMetric>) loaded[1];
                    if (run == null || !run.completed()) {
                        return Uni.createFrom().voidItem();
                    }
                    return events.analysisCompleted(verdict(run, metrics), run.correlationId, run.traceparent)
                            .chain(() -> pool.preparedQuery("update analysis_run set published = true where id = $1")
                                    .execute(Tuple.of(runId)))
                            .invoke(() -> Log.infof(
                                    "analysis %s of %s/%s (promotion %s) ended %s: published",
                                    run.id, run.project, run.stage, run.promotionId, run.phase))
                            .replaceWithVoid();
                });
    }

    /** Argo's spelling ({@code Successful}) to the contract's enum. */
    public static AnalysisCompleted.Phase phase(String label) {
        return AnalysisCompleted.Phase.valueOf(label.toUpperCase(Locale.ROOT));
    }
}
