package io.gitopsflow.promotion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** promotion-service's settings, under {@code gitops-flow.promotion}. */
@ConfigMapping(prefix = "gitops-flow.promotion")
public interface PromotionConfig {

    /** The folder of pipeline files ({@code *.yaml}, {@code *.yml}): a mounted ConfigMap in production. */
    Path pipelines();

    /** How often the folder is checked for changes. */
    @WithDefault("5s")
    Duration reloadInterval();

    /** How often stages are reconciled: auto-promotion, health gates, messages not yet acknowledged by Kafka. */
    @WithDefault("5s")
    Duration reconcileInterval();

    /**
     * How long an instance holds the publishing of a record it claimed: another instance publishes it only after that
     * (the holder died before Kafka acknowledged it).
     */
    @WithDefault("30s")
    Duration publishLease();

    /** The role needed to promote, abort and reverify. */
    @WithDefault("promoter")
    String promoterRole();

    /** The role needed to promote while a promotion window blocks it (the override is recorded). */
    @WithDefault("freeze-override")
    String overrideRole();
}
