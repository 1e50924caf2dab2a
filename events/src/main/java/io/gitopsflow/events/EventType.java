package io.gitopsflow.events;

import java.util.ArrayList;
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
 * @param olderTypes earlier versions of the CloudEvent type whose data the record still reads (a record of an older
 *     version is a record of this one with the fields added since absent), oldest first; consumers accept them so
 *     records published before an upgrade are still read
 */
public record EventType<T extends GitopsFlowEvent>(
        String topic,
        String cloudEventType,
        Class<T> dataClass,
        String schemaResource,
        String keyDescription,
        List<String> olderTypes) {

    public EventType {
        olderTypes = List.copyOf(olderTypes);
    }

    EventType(String topic, String cloudEventType, Class<T> dataClass, String schemaResource, String keyDescription) {
        this(topic, cloudEventType, dataClass, schemaResource, keyDescription, List.of());
    }

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
    public static final EventType<ChartPublished> CHART_PUBLISHED = new EventType<>(
            Topics.CHART_PUBLISHED,
            CloudEventTypes.CHART_PUBLISHED,
            ChartPublished.class,
            "schemas/chart-published.v1.json",
            "chart repository, e.g. registry.example.com/acme/charts/books-api");
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
            "schemas/promotion-requested.v2.json",
            "GitOps repository URL and branch, `<repositoryUrl>#<branch>`",
            List.of(CloudEventTypes.PROMOTION_REQUESTED_V1));
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
            "schemas/freight-created.v2.json",
            "project and warehouse, `<project>/<warehouse>`",
            List.of(CloudEventTypes.FREIGHT_CREATED_V1));
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
            CHART_PUBLISHED,
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

    /**
     * The event with CloudEvent type {@code cloudEventType}, current or older version, if it belongs to the contract.
     */
    public static Optional<EventType<?>> forCloudEventType(String cloudEventType) {
        return ALL.stream().filter(type -> type.reads(cloudEventType)).findFirst();
    }

    /** Whether a record of CloudEvent type {@code cloudEventType} reads into this event: its type or an older one. */
    public boolean reads(String cloudEventType) {
        return this.cloudEventType.equals(cloudEventType) || olderTypes.contains(cloudEventType);
    }

    /** The current type and the older ones this event still reads. */
    public List<String> readableTypes() {
        List<String> types = new ArrayList<>(olderTypes);
        types.add(cloudEventType);
        return List.copyOf(types);
    }

    /** The dead-letter topic of this event's consumers. */
    public String deadLetterTopic() {
        return Topics.deadLetter(topic);
    }
}
