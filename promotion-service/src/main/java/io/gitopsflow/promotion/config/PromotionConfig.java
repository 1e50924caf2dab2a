package io.gitopsflow.promotion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** promotion-service's settings, under {@code gitops-flow.promotion}. */
@ConfigMapping(prefix = "gitops-flow.promotion")
public interface PromotionConfig {

    /** The folder of pipeline files ({@code *.yaml}, {@code *.yml}): a mounted ConfigMap in production. */
    Path pipelines();

    /**
     * A folder of a Git repository to read the pipeline files from (the GitOps repository's {@code pipelines/}, where
     * onboarding writes them), fetched every {@link #reloadInterval()}; without a URL, {@link #pipelines()} is read.
     */
    PipelinesGit pipelinesGit();

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

    /** The Git repository the pipeline files are read from, when {@link #url()} is set. */
    interface PipelinesGit {

        /** The repository's HTTP(S) URL; unset: the pipelines are read from the folder {@code pipelines}. */
        Optional<String> url();

        /** The branch whose files are in force (a merged pull request's files, with a pull-request write mode). */
        @WithDefault("main")
        String branch();

        /** The folder of the repository holding the pipeline files, relative to its root. */
        @WithDefault("pipelines")
        String path();

        /** Where the repository is checked out: a writable folder (an emptyDir in Kubernetes). */
        @WithDefault("${java.io.tmpdir}/gitops-flow-pipelines")
        Path checkout();

        /** The user for HTTP basic authentication, with {@link #password()}. */
        Optional<String> username();

        /** The password or token (from a Secret); never logged. */
        Optional<String> password();

        /** How long a clone or fetch may take before it counts as failed. */
        @WithDefault("30s")
        Duration timeout();
    }
}
