package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.assessment.Assessment.Verdict;
import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.analysis.provider.MetricProvider;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.gitopsflow.analysis.template.MetricSpec;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.messaging.VertxContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Executor;

/**
 * One measurement of a claimed metric: fetch the value without blocking, assess it, record it, and publish the verdict
 * when it completed the run. A provider that does not answer within the lease is an Error measurement.
 */
@ApplicationScoped
public class MeasurementTaker {

    private final MetricProviders providers;
    private final Assessment assessment;
    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final MeasurementRecorder recorder;
    private final RunVerdicts verdicts;
    private final Duration timeout;
    private final MeterRegistry meters;

    public MeasurementTaker(
            MetricProviders providers,
            Transactions transactions,
            AnalysisRunRepository runs,
            MeasurementRecorder recorder,
            RunVerdicts verdicts,
            AnalysisConfig config,
            MeterRegistry meters) {
        this.providers = providers;
        this.assessment = new Assessment(providers.conditions());
        this.transactions = transactions;
        this.runs = runs;
        this.recorder = recorder;
        this.verdicts = verdicts;
        this.timeout = config.measurementLease();
        this.meters = meters;
    }

    /** Measures the metric {@code metricId} ({@code <run id>/<metric name>}), which {@code owner} claimed. */
    public Uni<Void> take(String metricId, String owner) {
        int slash = metricId.indexOf('/');
        String runId = metricId.substring(0, slash);
        String metricName = metricId.substring(slash + 1);
        Executor backOnContext = VertxContexts.current();
        return transactions.read(() -> runs.findById(runId)).chain(run -> {
            MetricSpec spec = RunSpecs.of(run).get(metricName);
            OffsetDateTime started = RunPhases.now();
            Timer.Sample sample = Timer.start(meters);
            return fetch(spec)
                    .emitOn(backOnContext)
                    .map(result -> new Taken(result, assessment.measurement(spec, result)))
                    .onFailure()
                    .recoverWithItem(failure -> new Taken(null, new Verdict(Phase.ERROR, message(failure))))
                    .invoke(taken -> {
                        sample.stop(
                                meters.timer("gitopsflow.analysis.measurement.duration", "provider", spec.provider()));
                        log(runId, metricName, taken);
                    })
                    .chain(taken -> recorder.record(owner, runId, spec, taken.verdict(), taken.value(), started))
                    .chain(completed ->
                            completed == null ? Uni.createFrom().voidItem() : verdicts.publishNow(completed));
        });
    }

    /** The provider's value, or a failure (also when it does not answer in time). */
    private Uni<Object> fetch(MetricSpec spec) {
        Uni<Object> value;
        try {
            MetricProvider provider = providers.get(spec.provider());
            value = provider.measure(spec.providerConfig());
        } catch (RuntimeException e) {
            value = Uni.createFrom().failure(e);
        }
        return value.ifNoItem().after(timeout).failWith(() -> new IllegalStateException("no answer within " + timeout));
    }

    private record Taken(Object value, Verdict verdict) {}

    private static void log(String runId, String metricName, Taken taken) {
        Log.infof(
                "analysis %s metric %s measured %s%s%s",
                runId,
                metricName,
                Assessment.label(taken.verdict().phase()),
                taken.value() == null ? "" : " " + RunSpecs.display(taken.value()),
                taken.verdict().message() == null ? "" : ": " + taken.verdict().message());
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
