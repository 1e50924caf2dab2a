package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.messaging.work.DurableQueue;
import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxRelay;
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
 * Wires the build queue's runner: at most {@code gitops-flow.build.max-concurrent} builds at once, oldest first, under
 * a lease of {@code gitops-flow.build.lease} renewed every third of it (a build whose instance died is taken over
 * within a lease), looked at when a build is queued or finishes and every {@code dispatch-interval}; the starts and
 * the results are published through their outboxes, again on every tick until Kafka took them. On a clean stop the running builds go back
 * to the queue.
 */
@ApplicationScoped
public class BuildWork {

    @Produces
    @Singleton
    OutboxRelay relay(Outbox outbox, BuildResults results) {
        return new OutboxRelay(outbox, results::publish);
    }

    @Produces
    @Singleton
    WorkRunner runner(
            Vertx vertx,
            DurableQueue queue,
            OutboxRelay relay,
            BuildRunner builds,
            BuildStarts starts,
            BuildWorkerConfig config,
            MeterRegistry meters) {
        String owner = "worker-" + UUID.randomUUID();
        WorkRunner runner = WorkRunner.builder(
                        "build", vertx, queue, (unit, blocking) -> builds.run(unit, owner, blocking))
                .owner(owner)
                .maxConcurrent(config.maxConcurrent())
                .lease(config.lease())
                .tickEvery(config.dispatchInterval())
                // the starts first: a tick publishes a build's start before its result
                .relay(starts.relay())
                .relay(relay)
                .build();
        Gauge.builder("gitopsflow.build.running", runner, r -> r.running().size())
                .description("builds running in this instance")
                // a gauge holds its object weakly by default: the runner must not vanish from /q/metrics
                .strongReference(true)
                .register(meters);
        Gauge.builder("gitopsflow.build.max.concurrent", config::maxConcurrent)
                .description("builds this instance runs at once at most")
                .register(meters);
        return runner;
    }

    void onStart(@Observes StartupEvent event, WorkRunner runner) {
        runner.start();
    }

    void onStop(@Observes ShutdownEvent event, WorkRunner runner) {
        runner.stop();
    }
}
