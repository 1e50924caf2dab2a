package io.gitopsflow.events;

/** Kafka topic names, named after what happened. */
public final class Topics {

    public static final String COMMIT_PUSHED = "commit-pushed";
    public static final String IMAGE_PUBLISHED = "image-published";
    public static final String BUILD_FAILED = "build-failed";
    public static final String PROMOTION_REQUESTED = "promotion-requested";
    public static final String MANIFEST_UPDATED = "manifest-updated";
    public static final String STAGE_PROMOTED = "stage-promoted";
    public static final String ANALYSIS_COMPLETED = "analysis-completed";
    public static final String FREIGHT_CREATED = "freight-created";
    public static final String PROMOTION_UPDATED = "promotion-updated";

    /** Suffix of the dead-letter topic a consumer writes the records it cannot process to. */
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {}

    /** The dead-letter topic of {@code topic}, e.g. {@code commit-pushed.dlq}. */
    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
