package io.gitopsflow.events;

import java.util.List;
import java.util.Optional;

/**
 * Everything a producer or consumer needs to know about one kind of event: its topic, its CloudEvent type, the
 * record that carries its data, its JSON Schema and what its Kafka key is.
 *
 * @param topic the Kafka topic
 * @param cloudEventType the CloudEvent {@code type}, with its version suffix
 * @param dataClass the record the CloudEvent data is read into
 * @param schemaResource the class-path resource of the JSON Schema of the data
 * @param keyDescription what the Kafka record key is, for documentation
 */
public record EventType<T extends GitopsFlowEvent>(
        String topic, String cloudEventType, Class<T> dataClass, String schemaResource, String keyDescription) {

    public static final EventType<CommitPushed> COMMIT_PUSHED = new EventType<>(
            Topics.COMMIT_PUSHED,
            CloudEventTypes.COMMIT_PUSHED,
            CommitPushed.class,
            "schemas/commit-pushed.v1.json",
            "repository full name, e.g. acme/books-api");
    public static final EventType<ImagePublished> IMAGE_PUBLISHED = new EventType<>(
            Topics.IMAGE_PUBLISHED,
            CloudEventTypes.IMAGE_PUBLISHED,
            ImagePublished.class,
            "schemas/image-published.v1.json",
            "image repository, e.g. registry.example.com/acme/books-api");
    public static final EventType<BuildFailed> BUILD_FAILED = new EventType<>(
            Topics.BUILD_FAILED,
            CloudEventTypes.BUILD_FAILED,
            BuildFailed.class,
            "schemas/build-failed.v1.json",
            "repository full name, e.g. acme/books-api");
    public static final EventType<BuildStarted> BUILD_STARTED = new EventType<>(
            Topics.BUILD_STARTED,
            CloudEventTypes.BUILD_STARTED,
            BuildStarted.class,
            "schemas/build-started.v1.json",
            "repository full name, e.g. acme/books-api");
    public static final EventType<PromotionRequested> PROMOTION_REQUESTED = new EventType<>(
            Topics.PROMOTION_REQUESTED,
            CloudEventTypes.PROMOTION_REQUESTED,
            PromotionRequested.class,
            "schemas/promotion-requested.v1.json",
            "GitOps repository URL and branch, `<repositoryUrl>#<branch>`");
    public static final EventType<ManifestUpdated> MANIFEST_UPDATED = new EventType<>(
            Topics.MANIFEST_UPDATED,
            CloudEventTypes.MANIFEST_UPDATED,
            ManifestUpdated.class,
            "schemas/manifest-updated.v1.json",
            "GitOps repository URL and branch, `<repositoryUrl>#<branch>`");
    public static final EventType<StagePromoted> STAGE_PROMOTED = new EventType<>(
            Topics.STAGE_PROMOTED,
            CloudEventTypes.STAGE_PROMOTED,
            StagePromoted.class,
            "schemas/stage-promoted.v1.json",
            "project and stage, `<project>/<stage>`");
    public static final EventType<AnalysisCompleted> ANALYSIS_COMPLETED = new EventType<>(
            Topics.ANALYSIS_COMPLETED,
            CloudEventTypes.ANALYSIS_COMPLETED,
            AnalysisCompleted.class,
            "schemas/analysis-completed.v1.json",
            "project and stage, `<project>/<stage>`");
    public static final EventType<FreightCreated> FREIGHT_CREATED = new EventType<>(
            Topics.FREIGHT_CREATED,
            CloudEventTypes.FREIGHT_CREATED,
            FreightCreated.class,
            "schemas/freight-created.v1.json",
            "project and warehouse, `<project>/<warehouse>`");
    public static final EventType<PromotionUpdated> PROMOTION_UPDATED = new EventType<>(
            Topics.PROMOTION_UPDATED,
            CloudEventTypes.PROMOTION_UPDATED,
            PromotionUpdated.class,
            "schemas/promotion-updated.v1.json",
            "project and stage, `<project>/<stage>`");
    public static final EventType<PipelineConfigured> PIPELINE_CONFIGURED = new EventType<>(
            Topics.PIPELINE_CONFIGURED,
            CloudEventTypes.PIPELINE_CONFIGURED,
            PipelineConfigured.class,
            "schemas/pipeline-configured.v1.json",
            "project (the pipeline's name); the topic is compacted");

    private static final List<EventType<?>> ALL = List.of(
            COMMIT_PUSHED,
            BUILD_STARTED,
            IMAGE_PUBLISHED,
            BUILD_FAILED,
            PROMOTION_REQUESTED,
            MANIFEST_UPDATED,
            STAGE_PROMOTED,
            ANALYSIS_COMPLETED,
            FREIGHT_CREATED,
            PROMOTION_UPDATED,
            PIPELINE_CONFIGURED);

    /** Every event of the contract, in the order of the flow. */
    public static List<EventType<?>> all() {
        return ALL;
    }

    /** The event carried on {@code topic}, if the topic belongs to the contract. */
    public static Optional<EventType<?>> forTopic(String topic) {
        return ALL.stream().filter(type -> type.topic.equals(topic)).findFirst();
    }

    /** The event with CloudEvent type {@code cloudEventType}, if it belongs to the contract. */
    public static Optional<EventType<?>> forCloudEventType(String cloudEventType) {
        return ALL.stream()
                .filter(type -> type.cloudEventType.equals(cloudEventType))
                .findFirst();
    }

    /** The dead-letter topic of this event's consumers. */
    public String deadLetterTopic() {
        return Topics.deadLetter(topic);
    }
}
