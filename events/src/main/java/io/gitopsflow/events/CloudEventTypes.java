package io.gitopsflow.events;

/**
 * CloudEvent {@code type} of every event. The suffix is the version of the data's schema: a breaking change gets a
 * new type, never an edit of an existing one.
 */
public final class CloudEventTypes {

    public static final String COMMIT_PUSHED = "io.gitopsflow.commit.pushed.v1";
    public static final String IMAGE_PUBLISHED = "io.gitopsflow.image.published.v1";
    public static final String BUILD_FAILED = "io.gitopsflow.build.failed.v1";
    public static final String BUILD_STARTED = "io.gitopsflow.build.started.v1";
    public static final String PROMOTION_REQUESTED = "io.gitopsflow.promotion.requested.v2";
    public static final String PROMOTION_REQUESTED_V1 = "io.gitopsflow.promotion.requested.v1";
    public static final String MANIFEST_UPDATED = "io.gitopsflow.manifest.updated.v1";
    public static final String STAGE_PROMOTED = "io.gitopsflow.stage.promoted.v1";
    public static final String ANALYSIS_COMPLETED = "io.gitopsflow.analysis.completed.v1";
    public static final String FREIGHT_CREATED = "io.gitopsflow.freight.created.v2";
    public static final String FREIGHT_CREATED_V1 = "io.gitopsflow.freight.created.v1";
    public static final String CHART_PUBLISHED = "io.gitopsflow.chart.published.v1";
    public static final String PROMOTION_UPDATED = "io.gitopsflow.promotion.updated.v1";
    public static final String PIPELINE_CONFIGURED = "io.gitopsflow.pipeline.configured.v1";

    private CloudEventTypes() {}
}
