package io.gitopsflow.analysis.repository;

import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.messaging.work.DurableQueue;
import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxTable;
import io.gitopsflow.messaging.work.WorkTable;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * analysis-service's tables as the shared durable-work component sees them: the metrics due for a measurement are a
 * {@link DurableQueue} ({@code run_metric}), the verdicts to publish an {@link Outbox} ({@code analysis_run}).
 */
@ApplicationScoped
public class AnalysisWorkTables {

    /**
     * A metric is due once its {@code next_at} has passed, while its run goes on (a completed run's metrics have no
     * {@code next_at}; the run is checked as well).
     */
    public static final WorkTable DUE_METRICS = new WorkTable(
            "run_metric",
            "id",
            "work_status",
            RunMetric.WAITING,
            RunMetric.MEASURING,
            "lease_owner",
            "claimed_until",
            null,
            "next_at",
            null,
            "w.next_at <= now() and exists (select 1 from analysis_run r where r.id = w.run_id"
                    + " and r.completed_at is null)");

    /** The verdicts' outbox with the default grace ({@link AnalysisConfig#verdictGrace()}, 10 s). */
    public static final OutboxTable VERDICTS = verdicts(Duration.ofSeconds(10));

    private final Duration verdictGrace;

    @Inject
    public AnalysisWorkTables(AnalysisConfig config) {
        this.verdictGrace = config.verdictGrace();
    }

    /**
     * A verdict is there once its run completed. The tick leaves a run completed in the last {@code grace} to the work
     * that completed it, which is publishing it now: taken by the tick too it would be published twice.
     */
    public static OutboxTable verdicts(Duration grace) {
        return new OutboxTable(
                "analysis_run",
                "id",
                "published",
                "completed_at is not null and completed_at < now() - interval '" + grace.toMillis() + " milliseconds'",
                "completed_at",
                "publish_claimed_until");
    }

    @Produces
    @Singleton
    DurableQueue dueMetrics(Pool pool) {
        return new DurableQueue(pool, DUE_METRICS);
    }

    @Produces
    @Singleton
    Outbox verdicts(Pool pool) {
        return new Outbox(pool, verdicts(verdictGrace));
    }
}
