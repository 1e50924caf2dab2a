package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.RunMetricRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.gitopsflow.analysis.service.InFlightMeasurements.Stop;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Ends a run on an operator's request: no more measurements; a measurement in flight (a job metric's Job) ends
 * Inconclusive "Metric Terminated" and its Job is deleted once the run's end is stored, as Argo's Terminate does;
 * metrics not completed are assessed as Argo does on terminate, the run's message names the actor, and the verdict is
 * published once stored. The request is in the audit log, in the same transaction (also when the run had already
 * ended: then nothing else changes).
 */
@ApplicationScoped
public class RunTerminator {

    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final RunPhases phases;
    private final RunVerdicts verdicts;
    private final AuditLog audit;
    private final InFlightMeasurements inFlight;

    public RunTerminator(
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            RunPhases phases,
            RunVerdicts verdicts,
            AuditLog audit,
            InFlightMeasurements inFlight) {
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.phases = phases;
        this.verdicts = verdicts;
        this.audit = audit;
        this.inFlight = inFlight;
    }

    /** The run as the terminate left it, and the measurements in flight to stop. */
    private record Ended(AnalysisRun run, List<Stop> stops) {}

    /** Terminates the run for {@code actor}; false when there is no such run. */
    public Uni<Boolean> terminate(String runId, String actor, String reason) {
        return transactions
                .write(() -> runs.findForUpdate(runId).chain(run -> {
                    if (run == null) {
                        return Uni.createFrom().item(new Ended(null, List.of()));
                    }
                    if (run.completed()) {
                        return audit.record("terminate", runId, actor, "nothing changed: it had ended " + run.phase)
                                .replaceWith(new Ended(run, List.of()));
                    }
                    return end(run, actor, reason);
                }))
                .call(ended -> inFlight.stop(ended.stops()))
                .call(ended -> ended.run() != null && ended.run().completed() && !ended.run().published
                        ? verdicts.publishNow(ended.run().id)
                        : Uni.createFrom().voidItem())
                .map(ended -> ended.run() != null);
    }

    private Uni<Ended> end(AnalysisRun run, String actor, String reason) {
        run.terminate = true;
        return metrics.ofRun(run.id)
                .chain(all -> inFlight.terminate(run, all, MeasurementRecorder.providers(run))
                        .map(stops -> {
                            phases.settle(run, all, RunSpecs.of(run));
                            run.message = terminatedBy(run.message, actor, reason);
                            return new Ended(run, stops);
                        }))
                .call(ended -> audit.record(
                        "terminate", run.id, actor, "ended " + run.phase + (reason == null ? "" : ": " + reason)));
    }

    /** Argo's "Run Terminated", with who terminated it and why. */
    private static String terminatedBy(String message, String actor, String reason) {
        String by = " by " + actor + (reason == null ? "" : ": " + reason);
        return message == null || "Run Terminated".equals(message)
                ? "Run Terminated" + by
                : message + " (terminated" + by + ")";
    }
}
