package io.gitopsflow.analysis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** analysis-service's settings ({@code gitops-flow.analysis.*}). */
@ConfigMapping(prefix = "gitops-flow.analysis")
public interface AnalysisConfig {

    /** The folder of template files ({@code *.yaml}, {@code *.yml}): a mounted ConfigMap in production. */
    @WithDefault("/etc/gitops-flow/analysis-templates")
    Path templatesDir();

    /** How often the folder is read again, so an edited ConfigMap takes effect without a restart. */
    @WithDefault("30s")
    Duration templatesReload();

    /**
     * How often due measurements are looked for and verdicts Kafka did not take are published again (the tick of the
     * scheduler's work runner).
     */
    @WithDefault("1s")
    Duration tickInterval();

    /** After an Error measurement the next one is taken this much later (Argo: 10 s). */
    @WithDefault("10s")
    Duration errorRetryInterval();

    /**
     * The lease on a measurement in flight, renewed every third of it while it runs: a measurement whose instance
     * stopped is taken again once its lease ran out. Also the longest a provider may take to answer.
     */
    @WithDefault("2m")
    Duration measurementLease();

    /**
     * How long a completed run's verdict is left to the work that completed it (which publishes it at once) before the
     * tick's safety net publishes it: shorter, and both would publish it. Tests shorten it to wait less.
     */
    @WithDefault("10s")
    Duration verdictGrace();

    /** Measurements started at most at once by one instance, over all runs. */
    @WithDefault("32")
    int maxConcurrentMeasurements();

    /** The role a caller needs to terminate a run (a terminated run counts as Successful, as in Argo Rollouts). */
    @WithDefault("operator")
    String operatorRole();
}
