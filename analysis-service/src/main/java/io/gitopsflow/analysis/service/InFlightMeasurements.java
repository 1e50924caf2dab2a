package io.gitopsflow.analysis.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.Measurement;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.provider.MeasurementContext;
import io.gitopsflow.analysis.repository.MeasurementRepository;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measurements in flight between claims (Argo's Run/Resume: a job metric's Job): what the provider needs to find one
 * again, stored with its metric as JSON, and how one ends when its run does. Argo's {@code Terminate}: the
 * measurement is Inconclusive "Metric Terminated" and counted, and the provider stops it (deletes the Job) once the
 * run's end is stored.
 */
@ApplicationScoped
public class InFlightMeasurements {

    /** Argo's message on a measurement terminated with its run. */
    public static final String TERMINATED = "Metric Terminated";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

    private final MeasurementRepository measurements;
    private final MetricProviders providers;
    private final MeasuredNamespaces namespaces;

    public InFlightMeasurements(
            MeasurementRepository measurements, MetricProviders providers, MeasuredNamespaces namespaces) {
        this.measurements = measurements;
        this.providers = providers;
        this.namespaces = namespaces;
    }

    /** A measurement its provider is asked to stop once the run's end is stored. */
    public record Stop(String provider, MeasurementContext context, Map<String, String> metadata) {}

    /** The metadata of the metric's measurement in flight (empty when none). */
    public static Map<String, String> metadata(RunMetric metric) {
        if (metric.inFlightMetadata == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(metric.inFlightMetadata, METADATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metric " + metric.name + " holds unreadable metadata", e);
        }
    }

    /** The metric with a measurement in flight, to resume at {@code resumeAt}. */
    public static void suspend(
            RunMetric metric, OffsetDateTime startedAt, Map<String, String> metadata, OffsetDateTime resumeAt) {
        try {
            metric.inFlightMetadata = JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the measurement's metadata", e);
        }
        metric.inFlightStartedAt = startedAt;
        if (RunVerdicts.phase(metric.phase) == Phase.PENDING) {
            metric.phase = Assessment.label(Phase.RUNNING);
        }
        metric.nextAt = resumeAt;
        metric.release();
    }

    /** The metric's measurement no longer in flight. */
    public static void clear(RunMetric metric) {
        metric.inFlightStartedAt = null;
        metric.inFlightMetadata = null;
    }

    /**
     * Ends, inside the caller's transaction, each measurement of {@code metrics} still in flight as Argo's Terminate
     * does: an Inconclusive "Metric Terminated" measurement, counted before the run is assessed.
     *
     * @return what to ask the providers to stop once the transaction committed
     */
    public Uni<List<Stop>> terminate(AnalysisRun run, List<RunMetric> metrics, Map<String, String> providerOf) {
        List<Stop> stops = new ArrayList<>();
        List<Measurement> ended = new ArrayList<>();
        OffsetDateTime now = RunPhases.now();
        for (RunMetric metric : metrics) {
            if (!metric.inFlight()) {
                continue;
            }
            stops.add(new Stop(
                    providerOf.get(metric.name),
                    new MeasurementContext(
                            run.id,
                            namespaces.of(run.project),
                            metric.name,
                            metric.count + metric.error + 1,
                            metric.inFlightStartedAt),
                    metadata(metric)));
            Measurement measurement = new Measurement();
            measurement.runId = run.id;
            measurement.metricName = metric.name;
            measurement.phase = Assessment.label(Phase.INCONCLUSIVE);
            measurement.message = TERMINATED;
            measurement.startedAt = metric.inFlightStartedAt;
            measurement.finishedAt = now;
            ended.add(measurement);
            metric.counters(metric.counters().after(Phase.INCONCLUSIVE));
            metric.message = TERMINATED;
            clear(metric);
        }
        return ended.isEmpty()
                ? Uni.createFrom().item(stops)
                : measurements.persist(ended).replaceWith(stops);
    }

    /** Asks each provider to stop its measurement; a failure is logged (the run has ended anyway). */
    public Uni<Void> stop(List<Stop> stops) {
        if (stops.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(stops)
                .onItem()
                .transformToUniAndConcatenate(stop -> providers
                        .get(stop.provider())
                        .terminate(stop.context(), stop.metadata())
                        .onFailure()
                        .recoverWithUni(failure -> {
                            Log.warnf(
                                    "analysis %s metric %s: the measurement in flight could not be stopped: %s",
                                    stop.context().runId(), stop.context().metricName(), failure.getMessage());
                            return Uni.createFrom().voidItem();
                        }))
                .collect()
                .last()
                .replaceWithVoid();
    }
}
