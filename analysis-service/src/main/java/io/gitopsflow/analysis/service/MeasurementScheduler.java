package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.messaging.work.DurableQueue;
import io.gitopsflow.messaging.work.WorkRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Takes the measurements that are due, over the database rather than a thread or timer per run: the shared
 * {@link WorkRunner} claims the metrics whose {@code next_at} has passed (with a lease, renewed while the measurement
 * runs, so instances share the work and a measurement whose instance died is taken again) and hands each to the
 * {@link MeasurementTaker}. Because all of a run's state is in PostgreSQL, a run in progress simply goes on after a
 * restart. Its tick also publishes the verdicts Kafka did not take ({@link RunVerdicts}).
 */
@ApplicationScoped
public class MeasurementScheduler {

    @Produces
    @Singleton
    WorkRunner measurements(
            Vertx vertx,
            DurableQueue dueMetrics,
            MeasurementTaker taker,
            RunVerdicts verdicts,
            AnalysisConfig config,
            MeterRegistry meters) {
        String owner = "analysis-" + UUID.randomUUID();
        WorkRunner runner = WorkRunner.builder(
                        "measurements",
                        vertx,
                        dueMetrics,
                        (unit, blocking) -> taker.take(unit.get(0).id(), owner))
                .owner(owner)
                .maxConcurrent(config.maxConcurrentMeasurements())
                .lease(config.measurementLease())
                .tickEvery(config.tickInterval())
                .relay(verdicts.relay())
                .build();
        Gauge.builder(
                        "gitopsflow.analysis.measurements.in.flight",
                        runner,
                        r -> r.running().size())
                .description("measurements this instance is taking now")
                // a gauge holds its object weakly by default: the runner must not vanish from /q/metrics
                .strongReference(true)
                .register(meters);
        return runner;
    }

    void start(@Observes StartupEvent event, WorkRunner runner) {
        runner.start();
    }

    /** Measurements this instance had claimed are released, for another instance (or the next start) to take. */
    void stop(@Observes ShutdownEvent event, WorkRunner runner) {
        runner.stop();
    }
}
