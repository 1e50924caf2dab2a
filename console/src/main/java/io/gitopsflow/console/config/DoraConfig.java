package io.gitopsflow.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The DORA metrics' settings ({@code gitops-flow.console.dora.*}): how often the Prometheus gauges are recomputed. */
@ConfigMapping(prefix = "gitops-flow.console.dora")
public interface DoraConfig {

    /**
     * The period of the job that recomputes the DORA gauges at /q/metrics (a scrape runs no query); the REST answer
     * is always computed when asked.
     */
    @WithDefault("1m")
    Duration refresh();
}
