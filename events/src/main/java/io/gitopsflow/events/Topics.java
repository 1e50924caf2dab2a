package io.gitopsflow.events;

import java.util.Set;

/** Kafka topic names, named after what happened. */
public final class Topics {

    public static final String COMMIT_PUSHED = "commit-pushed";
    public static final String IMAGE_PUBLISHED = "image-published";
    public static final String CHART_PUBLISHED = "chart-published";
    public static final String BUILD_FAILED = "build-failed";
    public static final String BUILD_STARTED = "build-started";
    public static final String PROMOTION_REQUESTED = "promotion-requested";
    public static final String MANIFEST_UPDATED = "manifest-updated";
    public static final String STAGE_PROMOTED = "stage-promoted";
    public static final String ANALYSIS_COMPLETED = "analysis-completed";
    public static final String FREIGHT_CREATED = "freight-created";
    public static final String PROMOTION_UPDATED = "promotion-updated";
    public static final String PIPELINE_CONFIGURED = "pipeline-configured";

    /** Suffix of the dead-letter topic a consumer writes the records it cannot process to. */
    public static final String DLQ_SUFFIX = ".dlq";

    /**
     * The topics whose records are a state per key rather than a history: compacted ({@code cleanup.policy=compact}),
     * so a consumer reading from the earliest offset finds at least the last record of every key, however old.
     */
    private static final Set<String> COMPACTED = Set.of(PIPELINE_CONFIGURED);

    private Topics() {}

    /** Whether {@code topic} is compacted (its dead-letter topic never is). */
    public static boolean compacted(String topic) {
        return COMPACTED.contains(topic);
    }

    /** The dead-letter topic of {@code topic}, e.g. {@code commit-pushed.dlq}. */
    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
