package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.messaging.AnalysisCompletedPublisher;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.RunMetricRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxRelay;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a completed run into {@code analysis-completed} and publishes it through the shared outbox: right after the
 * run completed, and again on the scheduler's tick until Kafka acknowledged it (then the run is marked published).
 */
@ApplicationScoped
public class RunVerdicts {

    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final AnalysisCompletedPublisher publisher;
    private final OutboxRelay relay;

    public RunVerdicts(
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            AnalysisCompletedPublisher publisher,
            Outbox verdicts) {
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.publisher = publisher;
        this.relay = new OutboxRelay(verdicts, this::publish);
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

    /** The relay the scheduler's tick publishes waiting verdicts with. */
    public OutboxRelay relay() {
        return relay;
    }

    /**
     * Publishes the run's verdict now (also when it was published before: a redelivered stage-promoted may mean it
     * was lost) and marks it published; should Kafka not take it, the tick publishes it again. Never fails.
     */
    public Uni<Void> publishNow(String runId) {
        return relay.publishNow(List.of(runId));
    }

    /** Publishes the verdicts of completed runs among {@code runIds}; returns the ids Kafka acknowledged. */
    private Uni<List<String>> publish(List<String> runIds) {
        return Multi.createFrom()
                .iterable(runIds)
                .onItem()
                .transformToUniAndConcatenate(runId -> publish(runId)
                        .onFailure()
                        .recoverWithItem(failure -> {
                            Log.warnf(
                                    "the verdict of analysis %s is not published yet: %s", runId, failure.getMessage());
                            return Optional.empty();
                        }))
                .collect()
                .asList()
                .map(published -> published.stream().flatMap(Optional::stream).toList());
    }

    /** Publishes a completed run's verdict, read fresh from the database; the run's id once Kafka acknowledged it. */
    private Uni<Optional<String>> publish(String runId) {
        return transactions
                .read(() ->
                        runs.findById(runId).chain(run -> metrics.ofRun(runId).map(all -> new Stored(run, all))))
                .chain(stored -> {
                    AnalysisRun run = stored.run();
                    if (run == null || !run.completed()) {
                        return Uni.createFrom().item(Optional.<String>empty());
                    }
                    return publisher
                            .publish(verdict(run, stored.metrics()), run.correlationId, run.traceparent)
                            .invoke(() -> Log.infof(
                                    "analysis %s of %s/%s (promotion %s) ended %s: published",
                                    run.id, run.project, run.stage, run.promotionId, run.phase))
                            .replaceWith(Optional.of(runId));
                });
    }

    /** Argo's spelling ({@code Successful}) to the contract's enum. */
    public static AnalysisCompleted.Phase phase(String label) {
        return AnalysisCompleted.Phase.valueOf(label.toUpperCase(Locale.ROOT));
    }
}
