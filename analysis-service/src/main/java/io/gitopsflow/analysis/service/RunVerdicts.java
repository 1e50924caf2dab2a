package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.messaging.AnalysisCompletedPublisher;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.RunMetricRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.gitopsflow.events.AnalysisCompleted;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/** Turns a completed run into {@code analysis-completed}, publishes it, and remembers that Kafka took it. */
@ApplicationScoped
public class RunVerdicts {

    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final AnalysisCompletedPublisher publisher;

    public RunVerdicts(
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            AnalysisCompletedPublisher publisher) {
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.publisher = publisher;
    }

    /** A run as stored, with its metrics. */
    private record Stored(AnalysisRun run, List<RunMetric> metrics) {}

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
        return transactions
                .read(() ->
                        runs.findById(runId).chain(run -> metrics.ofRun(runId).map(all -> new Stored(run, all))))
                .chain(stored -> {
                    AnalysisRun run = stored.run();
                    if (run == null || !run.completed()) {
                        return Uni.createFrom().voidItem();
                    }
                    return publisher
                            .publish(verdict(run, stored.metrics()), run.correlationId, run.traceparent)
                            .chain(() -> runs.markPublished(runId))
                            .invoke(() -> Log.infof(
                                    "analysis %s of %s/%s (promotion %s) ended %s: published",
                                    run.id, run.project, run.stage, run.promotionId, run.phase));
                });
    }

    /** Argo's spelling ({@code Successful}) to the contract's enum. */
    public static AnalysisCompleted.Phase phase(String label) {
        return AnalysisCompleted.Phase.valueOf(label.toUpperCase(Locale.ROOT));
    }
}
