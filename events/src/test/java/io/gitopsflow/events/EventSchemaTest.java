package io.gitopsflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.RepositoryPaths;
import io.gitopsflow.events.validation.ResourceNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON Schemas, the records and the codec tell the same contract: samples pass both, broken data fails both. */
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** Draft 2020-12 treats {@code format} as an annotation by default; the contract means it as an assertion. */
    private static final SchemaValidatorsConfig ASSERT_FORMATS =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    /** Keywords whose subschemas add conditions to properties defined elsewhere, so they name no property anew. */
    private static final Set<String> CONDITIONS = Set.of("if", "then", "else");

    /** The record each {@code $defs} entry describes, so the schema's properties can be held against its components. */
    private static final Map<String, Class<? extends Record>> DEFINED_RECORDS = Map.ofEntries(
            Map.entry("imageRef", ImageRef.class),
            Map.entry("chartRef", ChartRef.class),
            Map.entry("gitCommitRef", GitCommitRef.class),
            Map.entry("sourceCommit", SourceCommit.class),
            Map.entry("buildDurations", BuildDurations.class),
            Map.entry("gitOpsTarget", GitOpsTarget.class),
            Map.entry("analysisTemplateRef", AnalysisTemplateRef.class),
            Map.entry("gitRepository", CommitPushed.GitRepository.class),
            Map.entry("gitIdentity", CommitPushed.GitIdentity.class),
            Map.entry("commit", CommitPushed.Commit.class),
            Map.entry("metricResult", AnalysisCompleted.MetricResult.class),
            Map.entry("warehouse", PipelineConfigured.Warehouse.class),
            Map.entry("subscription", PipelineConfigured.Subscription.class),
            Map.entry("chartSubscription", PipelineConfigured.ChartSubscription.class),
            Map.entry("gitSubscription", PipelineConfigured.GitSubscription.class),
            Map.entry("pipelineStage", PipelineConfigured.Stage.class),
            Map.entry("healthGate", PipelineConfigured.HealthGate.class),
            Map.entry("promotionWindow", PipelineConfigured.PromotionWindow.class));

    /**
     * Fields the schema requires because producers always write them, but that the records fill in when they are
     * absent (an empty list, an empty text): the reader is more tolerant than the schema. A missing primitive fails.
     */
    private static final Map<EventType<?>, Set<String>> DEFAULTED_ON_READ = Map.ofEntries(
            Map.entry(EventType.COMMIT_PUSHED, Set.of("commits")),
            Map.entry(EventType.BUILD_STARTED, Set.of()),
            Map.entry(EventType.IMAGE_PUBLISHED, Set.of()),
            Map.entry(EventType.CHART_PUBLISHED, Set.of()),
            Map.entry(EventType.BUILD_FAILED, Set.of("logExcerpt")),
            Map.entry(EventType.PROMOTION_REQUESTED, Set.of()),
            Map.entry(EventType.MANIFEST_UPDATED, Set.of()),
            Map.entry(EventType.STAGE_PROMOTED, Set.of("images", "manifestCommits", "verification")),
            Map.entry(EventType.ANALYSIS_COMPLETED, Set.of("message", "metrics")),
            Map.entry(EventType.FREIGHT_CREATED, Set.of("images", "sources", "charts", "commits")),
            Map.entry(EventType.PROMOTION_UPDATED, Set.of()),
            Map.entry(EventType.PIPELINE_CONFIGURED, Set.of()));

    /**
     * Fields added within a type version: producers always write them, but the schema leaves them optional, because
     * it describes the older records of the same type too, which lack them.
     */
    private static final Map<EventType<?>, Set<String>> ADDED_WITHIN_VERSION =
            Map.of(EventType.STAGE_PROMOTED, Set.of("charts", "commits"));

    static Stream<Arguments> eventTypes() {
        return EventType.all().stream().map(type -> arguments(named(type.topic(), type)));
    }

    static Stream<Arguments> samples() {
        return sampleFactories().map(factory -> arguments(named(factory.getName(), sample(factory))));
    }

    static Stream<Arguments> requiredFields() {
        return EventSamples.full().stream().flatMap(event -> {
            EventType<?> type = EventSamples.typeOf(event);
            return stream(schemaJson(type).path("required"))
                    .map(JsonNode::asText)
                    .map(field -> arguments(named(type.topic(), event), field));
        });
    }

    @Test
    void samplesCoverEveryEventAndEveryFactory() {
        assertThat(EventSamples.full()).extracting(EventSamples::typeOf).containsExactlyElementsOf(EventType.all());
        assertThat(EventSamples.minimal()).extracting(EventSamples::typeOf).containsAll(EventType.all());
        assertThat(EventSamples.all())
                .containsExactlyInAnyOrderElementsOf(
                        sampleFactories().map(EventSchemaTest::sample).toList());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaIsAValidDraft202012Schema(EventType<?> type) {
        JsonNode schema = schemaJson(type);

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo("https://gitops-flow.io/" + type.schemaResource());
        assertThat(schema.path("title").asText()).isEqualTo(type.dataClass().getSimpleName());
        assertThat(schema.path("description").asText()).contains(type.cloudEventType());
        JsonSchema metaSchema = SCHEMAS.getSchema(SchemaLocation.of(SchemaId.V202012), ASSERT_FORMATS);
        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schemaOf(type)).isNotNull();
    }

    static Stream<Arguments> olderTypes() {
        return EventType.all().stream()
                .flatMap(type -> type.olderTypes().stream().map(older -> arguments(named(older, type), older)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("olderTypes")
    void anOlderTypeStillReadKeepsItsSchema(EventType<?> type, String olderType) {
        String resource = olderSchemaResource(type, olderType);
        JsonNode schema = readJson(resource);

        assertThat(schema.path("$id").asText()).isEqualTo("https://gitops-flow.io/" + resource);
        assertThat(schema.path("title").asText()).isEqualTo(type.dataClass().getSimpleName());
        assertThat(schema.path("description").asText()).contains(olderType);
        JsonSchema metaSchema = SCHEMAS.getSchema(SchemaLocation.of(SchemaId.V202012), ASSERT_FORMATS);
        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(type.readableTypes()).containsExactly(olderType, type.cloudEventType());
    }

    /**
     * A sample the older version could express (it leaves the fields added since empty) is, without those fields, a
     * record the older schema accepts, and it reads back as the same event under the current type.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("olderTypes")
    void aRecordOfTheOlderTypeReadsAsTheCurrentEvent(EventType<?> type, String olderType) throws IOException {
        JsonNode olderSchemaJson = readJson(olderSchemaResource(type, olderType));
        JsonSchema olderSchema;
        try (InputStream in = open(olderSchemaResource(type, olderType))) {
            olderSchema = SCHEMAS.getSchema(in, ASSERT_FORMATS);
        }
        List<String> olderFields = propertyNames(olderSchemaJson);
        int expressible = 0;
        for (GitopsFlowEvent event : EventSamples.all()) {
            if (!type.dataClass().isInstance(event)) {
                continue;
            }
            ObjectNode json = encodedTree(event);
            List<String> added = new ArrayList<>();
            json.fieldNames().forEachRemaining(field -> {
                if (!olderFields.contains(field)) {
                    added.add(field);
                }
            });
            if (added.stream()
                    .allMatch(field ->
                            json.get(field).isArray() && json.get(field).isEmpty())) {
                json.remove(added);
                expressible++;
                assertThat(olderSchema.validate(json))
                        .as("%s as %s", event, olderType)
                        .isEmpty();
                Map<String, String> headers = headersOf(type, event);
                headers.put(KafkaCloudEventHeaders.TYPE, olderType);
                assertThat(EventCodec.decode(type, headers::get, bytes(json)).data())
                        .isEqualTo(event);
            }
        }
        assertThat(expressible)
                .as("samples of %s an older producer could have written", type.topic())
                .isPositive();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyObjectOfTheSchemaIsClosedAndDescribed(EventType<?> type) {
        List<String> problems = new ArrayList<>();
        collectOpenObjects(schemaJson(type), "#", problems);

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaPropertiesAreTheRecordComponents(EventType<?> type) {
        JsonNode schema = schemaJson(type);

        assertThat(propertyNames(schema)).containsExactlyElementsOf(componentNames(type.dataClass()));
        schema.path("$defs").properties().forEach(definition -> {
            Class<? extends Record> record = DEFINED_RECORDS.get(definition.getKey());
            assertThat(record).as("record of $defs/%s", definition.getKey()).isNotNull();
            assertThat(propertyNames(definition.getValue()))
                    .as("properties of $defs/%s", definition.getKey())
                    .containsExactlyElementsOf(componentNames(record));
        });
    }

    @Test
    void sharedDefinitionsAreIdenticalInEverySchema() {
        Map<String, JsonNode> first = new HashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (EventType<?> type : EventType.all()) {
            schemaJson(type).path("$defs").properties().forEach(definition -> {
                JsonNode earlier = first.putIfAbsent(definition.getKey(), definition.getValue());
                uses.merge(definition.getKey(), 1, Integer::sum);
                if (earlier != null) {
                    assertThat(definition.getValue())
                            .as("$defs/%s in %s", definition.getKey(), type.schemaResource())
                            .isEqualTo(earlier);
                }
            });
        }
        assertThat(uses).containsEntry("sourceCommit", 5).containsEntry("buildDurations", 2);
        assertThat(uses).containsEntry("analysisTemplateRef", 2);
        assertThat(uses).containsEntry("gitOpsTarget", 2).containsEntry("imageRef", 3);
        assertThat(uses).containsEntry("chartRef", 3).containsEntry("gitCommitRef", 3);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void requiredListsExactlyTheFieldsEverySampleCarries(EventType<?> type) {
        Set<String> alwaysPresent = null;
        for (GitopsFlowEvent event : EventSamples.all()) {
            if (type.dataClass().isInstance(event)) {
                Set<String> present = new HashSet<>();
                encodedTree(event).fieldNames().forEachRemaining(present::add);
                if (alwaysPresent == null) {
                    alwaysPresent = present;
                } else {
                    alwaysPresent.retainAll(present);
                }
            }
        }

        assertThat(alwaysPresent).isNotNull();
        alwaysPresent.removeAll(ADDED_WITHIN_VERSION.getOrDefault(type, Set.of()));
        assertThat(stream(schemaJson(type).path("required")).map(JsonNode::asText))
                .containsExactlyInAnyOrderElementsOf(alwaysPresent);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleValidatesAgainstItsSchema(GitopsFlowEvent event) {
        Set<ValidationMessage> messages = schemaOf(EventSamples.typeOf(event)).validate(encodedTree(event));

        assertThat(messages).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleRoundTripsThroughTheCodec(GitopsFlowEvent event) {
        EventType<?> type = EventSamples.typeOf(event);

        assertThat(EventCodec.decode(type, EventCodec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void nullFieldsAreAbsentNotNull(GitopsFlowEvent event) {
        List<String> nulls = new ArrayList<>();
        collectNulls(encodedTree(event), "", nulls);

        assertThat(nulls).isEmpty();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void missingRequiredFieldFailsTheSchema(GitopsFlowEvent event, String field) {
        EventType<?> type = EventSamples.typeOf(event);
        ObjectNode json = encodedTree(event);
        json.remove(field);

        assertThat(schemaOf(type).validate(json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains(field));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void missingRequiredFieldFailsDecodeUnlessTheRecordDefaultsIt(GitopsFlowEvent event, String field) {
        EventType<?> type = EventSamples.typeOf(event);
        ObjectNode json = encodedTree(event);
        json.remove(field);
        byte[] bytes = bytes(json);

        if (DEFAULTED_ON_READ.get(type).contains(field)) {
            JsonNode defaulted = encodedTree(EventCodec.decode(type, bytes)).get(field);
            int length =
                    defaulted.isArray() ? defaulted.size() : defaulted.asText().length();
            assertThat(length).as("%s read with an empty default", field).isZero();
        } else {
            assertThatThrownBy(() -> EventCodec.decode(type, bytes))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageStartingWith("invalid " + type.topic() + " data: ")
                    .hasMessageContaining(field)
                    .satisfies(EventSchemaTest::assertReadable);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void unknownTopLevelPropertyFailsTheSchemaButIsIgnoredByDecode(GitopsFlowEvent event) {
        EventType<?> type = EventSamples.typeOf(event);
        ObjectNode json = encodedTree(event);
        json.put("addedByANewerProducer", "x");

        assertThat(schemaOf(type).validate(json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("addedByANewerProducer"));
        assertThat(EventCodec.decode(type, bytes(json))).isEqualTo(event);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                invalid(EventSamples.commitPushed(), "/after", "HEAD", "after"),
                invalid(EventSamples.commitPushed(), "/commits/1/id", "3f2a1b9", "commits[].id"),
                invalid(EventSamples.commitPushed(), "/ref", "main", "Git ref"),
                invalid(EventSamples.commitPushed(), "/receivedAt", "yesterday", "receivedAt"),
                invalid(EventSamples.commitPushed(), "/provider", "azure-devops", "azure-devops"),
                invalid(EventSamples.imagePublished(), "/digest", "sha256:not-hex", "image digest"),
                invalid(EventSamples.imagePublished(), "/tags/1", "-main", "image tag"),
                invalid(EventSamples.imagePublished(), "/imageRepository", "Registry.example.com/Acme", "repository"),
                invalid(EventSamples.imagePublished(), "/tags", List.of(), "tags"),
                invalid(EventSamples.buildFailed(), "/durations/pushMillis", -1, "durations"),
                invalid(EventSamples.promotionRequested(), "/project", "Books_API", "project"),
                invalid(EventSamples.promotionRequested(), "/target/path", "../../etc/passwd", "target.path"),
                invalid(EventSamples.promotionRequested(), "/target/field", null, "target.field"),
                invalid(EventSamples.promotionRequested(), "/requestedBy", "  ", "requestedBy"),
                invalid(EventSamples.manifestUpdated(), "/commit", null, "commit"),
                invalid(EventSamples.manifestUpdatedPullRequestOpened(), "/pullRequestUrl", null, "pullRequestUrl"),
                invalid(EventSamples.manifestUpdatedFailed(), "/reason", null, "reason"),
                invalid(EventSamples.stagePromoted(), "/manifestCommits/0", "b9857f9", "manifestCommits[]"),
                invalid(EventSamples.stagePromoted(), "/verification/0/name", "Success Rate", "template name"),
                invalid(EventSamples.analysisCompleted(), "/phase", "Running", "terminal"),
                invalid(EventSamples.analysisCompleted(), "/metrics/0/count", -1, "metrics[].count"),
                invalid(EventSamples.freightCreatedFromRegistry(), "/images", List.of(), "images"),
                invalid(EventSamples.freightCreated(), "/charts/0/digest", "sha256:0123", "image digest"),
                invalid(EventSamples.freightCreated(), "/commits/0/id", "5e8d2c1", "commit.id"),
                invalid(EventSamples.freightCreatedOfACommit(), "/commits/0/branch", "main..x", "branch name"),
                invalid(
                        EventSamples.chartPublished(),
                        "/chartRepository",
                        "oci://registry.example.com/x",
                        "repository"),
                invalid(EventSamples.chartPublished(), "/version", "-1.4.2", "image tag"),
                invalid(EventSamples.promotionRequestedOfAChart(), "/chart/version", " ", "chart.version"),
                invalid(EventSamples.promotionRequestedOfAChart(), "/target/kind", "argocd-application", "kind"),
                invalid(EventSamples.promotionRequestedOfAChartDependency(), "/target/field", null, "target.field"),
                invalid(
                        EventSamples.promotionRequestedOfAChart(),
                        "/target/argoCd/timeoutSeconds",
                        0,
                        "timeoutSeconds"),
                invalid(EventSamples.stagePromoted(), "/charts/0/repository", "Registry/Charts", "repository"),
                invalid(EventSamples.freightCreated(), "/warehouse", "Books API", "warehouse"),
                invalid(EventSamples.freightCreated(), "/sources/0/commit", "3f2a1b9", "source.commit"),
                invalid(EventSamples.promotionUpdated(), "/phase", "Running", "phase"),
                invalid(EventSamples.promotionUpdated(), "/change", "promoted", "change"),
                invalid(EventSamples.promotionUpdated(), "/actor", " ", "actor"),
                invalid(EventSamples.promotionUpdated(), "/previousPhase", null, "previousPhase"),
                invalid(EventSamples.promotionUpdatedApproved(), "/previousPhase", "Pending", "previousPhase"),
                invalid(EventSamples.promotionUpdatedRollback(), "/rollback", "yes", "rollback"),
                invalid(EventSamples.buildStarted(), "/attempt", 0, "attempt"),
                invalid(EventSamples.buildStarted(), "/queueMillis", -5, "queueMillis"),
                invalid(EventSamples.buildStarted(), "/builder", "Jib", "builder"),
                invalid(EventSamples.pipelineConfigured(), "/fingerprint", "abc", "fingerprint"),
                invalid(EventSamples.pipelineConfigured(), "/stages", List.of(), "stages"),
                invalid(EventSamples.pipelineConfigured(), "/stages/1/requiredApprovals", -1, "requiredApprovals"),
                invalid(EventSamples.pipelineConfigured(), "/stages/2/windows/0/kind", "maybe", "kind"),
                invalid(EventSamples.pipelineConfigured(), "/stages/2/onVerificationFailure", "revert", "revert"),
                invalid(EventSamples.pipelineConfigured(), "/warehouse/subscriptions/0/strategy", "oldest", "strategy"),
                invalid(EventSamples.pipelineConfigured(), "/warehouse/subscriptions", List.of(), "subscriptions"),
                invalid(EventSamples.pipelineConfiguredOfChartsAndGit(), "/warehouse/git/0/branch", "", "git[].branch"),
                invalid(EventSamples.pipelineConfigured(), "/stages/1/upstream", List.of(), "upstream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void invalidValueFailsBothTheSchemaAndDecode(GitopsFlowEvent event, String pointer, Object value, String named) {
        EventType<?> type = EventSamples.typeOf(event);
        ObjectNode json = encodedTree(event);
        replace(json, pointer, value);

        assertThat(schemaOf(type).validate(json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message)
                        .contains(JsonPointer.compile(pointer).last().getMatchingProperty()));
        assertThatThrownBy(() -> EventCodec.decode(type, bytes(json)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(named)
                .satisfies(EventSchemaTest::assertReadable);
    }

    static Stream<Arguments> namePatterns() {
        return Stream.of(
                namePattern(
                        "image repository",
                        EventType.IMAGE_PUBLISHED,
                        "/properties/imageRepository",
                        ImageReference::requireRepository,
                        "registry.example.com:5000/acme/books-api",
                        "abAB09._-:/[]lx"),
                namePattern(
                        "image tag",
                        EventType.IMAGE_PUBLISHED,
                        "/properties/tags/items",
                        ImageReference::requireTag,
                        "main-3f2a1b9-12",
                        "aB9._-:+ "),
                namePattern(
                        "image digest",
                        EventType.IMAGE_PUBLISHED,
                        "/properties/digest",
                        ImageReference::requireDigest,
                        EventSamples.IMAGE_DIGEST,
                        "sha512:0fA+._-"),
                namePattern(
                        "chart version",
                        EventType.CHART_PUBLISHED,
                        "/properties/version",
                        version -> new ChartRef(EventSamples.CHART_REPOSITORY, version, EventSamples.CHART_DIGEST),
                        "1.4.2+build.7",
                        "aB9._-+: "),
                namePattern(
                        "Git SHA",
                        EventType.COMMIT_PUSHED,
                        "/properties/after",
                        value -> Require.gitSha(value, "after"),
                        EventSamples.HEAD_COMMIT,
                        "0af9AG"),
                namePattern(
                        "full ref",
                        EventType.COMMIT_PUSHED,
                        "/properties/ref",
                        GitRefNames::requireFullRef,
                        "refs/heads/main",
                        "refs/headtg.-@{:~\t\u007f\"'"),
                namePattern(
                        "branch",
                        EventType.PROMOTION_REQUESTED,
                        "/$defs/gitOpsTarget/properties/branch",
                        GitRefNames::requireBranchName,
                        "release/1.4",
                        "ma/.-@{HEADrfs~:\u0001k"),
                namePattern(
                        "repository path",
                        EventType.PROMOTION_REQUESTED,
                        "/$defs/gitOpsTarget/properties/path",
                        value -> RepositoryPaths.requireRelative("path", value),
                        "apps/books-api/values-dev.yaml",
                        "a/.\\~C: \u0001"),
                namePattern(
                        "repository full name",
                        EventType.COMMIT_PUSHED,
                        "/$defs/gitRepository/properties/fullName",
                        ResourceNames::requireRepositoryFullName,
                        "acme/books-api",
                        "aB/._-:"),
                namePattern(
                        "DNS label",
                        EventType.PROMOTION_REQUESTED,
                        "/properties/project",
                        value -> ResourceNames.requireDnsLabel("project", value),
                        "books-api",
                        "ab-9A_."));
    }

    /**
     * The schema's pattern and the record's validation agree on random names near a valid one. Line breaks stay out:
     * java.util.regex lets {@code $} match before a final line break, which ECMA 262 (the dialect of JSON Schema) does
     * not, so a Java validator is looser there and the records are the guard.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("namePatterns")
    void schemaPatternAcceptsExactlyTheNamesTheRecordsAccept(
            String what, JsonSchema schema, Predicate<String> valid, String seed, String alphabet) {
        Random random = new Random(what.hashCode());
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < 4_000 && disagreements.size() < 5; i++) {
            String name = i % 2 == 0 ? mutate(seed, alphabet, random) : randomText(alphabet, random);
            boolean recordAccepts = valid.test(name);
            boolean schemaAccepts = schema.validate(TextNode.valueOf(name)).isEmpty();
            accepted += recordAccepts ? 1 : 0;
            if (recordAccepts != schemaAccepts) {
                disagreements.add("\"" + name + "\" record " + recordAccepts + ", schema " + schemaAccepts);
            }
        }

        assertThat(disagreements).isEmpty();
        assertThat(accepted).as("valid names tried").isGreaterThan(100);
    }

    @Test
    void headersRoundTripWithEveryAttribute() {
        CloudEventAttributes attributes = new CloudEventAttributes(
                "5a0e1f36-8d47-4c1b-b2a6-9e3f7c8d1b20",
                URI.create("/gitops-flow/event-gateway"),
                CloudEventTypes.COMMIT_PUSHED,
                "acme/books-api",
                Instant.parse("2025-05-06T09:14:03.530Z"),
                EventSamples.HEAD_COMMIT,
                "00-77380c1c1b742dc5d13c3befade59e5f-da5b20d19c113cf2-01");

        Map<String, String> headers = KafkaCloudEventHeaders.toHeaders(attributes);

        assertThat(headers)
                .containsExactly(
                        Map.entry("ce_specversion", "1.0"),
                        Map.entry("ce_id", "5a0e1f36-8d47-4c1b-b2a6-9e3f7c8d1b20"),
                        Map.entry("ce_source", "/gitops-flow/event-gateway"),
                        Map.entry("ce_type", "io.gitopsflow.commit.pushed.v1"),
                        Map.entry("ce_subject", "acme/books-api"),
                        Map.entry("ce_time", "2025-05-06T09:14:03.530Z"),
                        Map.entry("content-type", "application/json"),
                        Map.entry("ce_correlationid", EventSamples.HEAD_COMMIT),
                        Map.entry("ce_traceparent", "00-77380c1c1b742dc5d13c3befade59e5f-da5b20d19c113cf2-01"));
        assertThat(KafkaCloudEventHeaders.fromHeaders(headers::get)).isEqualTo(attributes);
    }

    @Test
    void headersRoundTripWithoutOptionalAttributes() {
        CloudEventAttributes attributes = new CloudEventAttributes(
                "e2c7b8a4-0f1d-4e5a-9c3b-6d2f8a1e7b90",
                URI.create("/gitops-flow/build-worker"),
                CloudEventTypes.IMAGE_PUBLISHED,
                null,
                Instant.parse("2025-05-07T14:41:09Z"),
                null,
                null);

        Map<String, String> headers = KafkaCloudEventHeaders.toHeaders(attributes);

        assertThat(headers).doesNotContainKeys("ce_subject", "ce_correlationid", "ce_traceparent");
        assertThat(KafkaCloudEventHeaders.fromHeaders(headers::get)).isEqualTo(attributes);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void recordInBinaryModeDecodesToItsAttributesAndData(GitopsFlowEvent event) {
        EventType<?> type = EventSamples.typeOf(event);
        CloudEventAttributes attributes = CloudEventAttributes.newEvent(
                type, event, URI.create("/gitops-flow/test"), EventSamples.HEAD_COMMIT, null);
        Map<String, String> headers = KafkaCloudEventHeaders.toHeaders(attributes);

        EventEnvelope<?> envelope = EventCodec.decode(type, headers::get, EventCodec.encode(event));

        assertThat(envelope.attributes()).isEqualTo(attributes);
        assertThat(envelope.attributes().subject()).isEqualTo(event.subject());
        assertThat(envelope.data()).isEqualTo(event);
    }

    @Test
    void decodeRejectsAnotherCloudEventType() {
        Map<String, String> headers = headersOf(EventType.IMAGE_PUBLISHED, EventSamples.imagePublished());

        assertThatThrownBy(() -> EventCodec.decode(
                        EventType.COMMIT_PUSHED, headers::get, EventCodec.encode(EventSamples.commitPushed())))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("unexpected CloudEvent type on commit-pushed: expected io.gitopsflow.commit.pushed.v1, got"
                        + " io.gitopsflow.image.published.v1")
                .satisfies(EventSchemaTest::assertReadable);
    }

    @Test
    void decodeRejectsACloudEventTypeWithLineBreaksWithoutEchoingThem() {
        Map<String, String> headers = headersOf(EventType.COMMIT_PUSHED, EventSamples.commitPushed());
        headers.put(KafkaCloudEventHeaders.TYPE, "io.gitopsflow.commit.pushed.v1\r\nforged: log line");

        assertThatThrownBy(() -> EventCodec.decode(
                        EventType.COMMIT_PUSHED, headers::get, EventCodec.encode(EventSamples.commitPushed())))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unexpected CloudEvent type")
                .satisfies(EventSchemaTest::assertReadable);
    }

    @Test
    void decodeRejectsAMissingId() {
        Map<String, String> headers = headersOf(EventType.COMMIT_PUSHED, EventSamples.commitPushed());
        headers.remove(KafkaCloudEventHeaders.ID);

        assertThatThrownBy(() -> EventCodec.decode(
                        EventType.COMMIT_PUSHED, headers::get, EventCodec.encode(EventSamples.commitPushed())))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("missing CloudEvent header ce_id")
                .satisfies(EventSchemaTest::assertReadable);
    }

    static Stream<Arguments> unreadableValues() {
        byte[] full = EventCodec.encode(EventSamples.commitPushed());
        String digestless = new String(EventCodec.encode(EventSamples.imagePublished()), StandardCharsets.UTF_8)
                .replace(EventSamples.IMAGE_DIGEST, "sha256:0123");
        return Stream.of(
                arguments(named("not json", EventType.COMMIT_PUSHED), utf8("not json"), "Unrecognized token 'not'"),
                arguments(
                        named("truncated JSON", EventType.COMMIT_PUSHED),
                        Arrays.copyOf(full, full.length / 2),
                        "end-of-input"),
                arguments(named("a JSON array", EventType.COMMIT_PUSHED), utf8("[]"), "wrong JSON type"),
                arguments(named("trailing data", EventType.COMMIT_PUSHED), concat(full, utf8(" {}")), "Trailing"),
                arguments(named("no bytes", EventType.COMMIT_PUSHED), new byte[0], "empty data"),
                arguments(named("an invalid digest", EventType.IMAGE_PUBLISHED), utf8(digestless), "image digest"),
                arguments(
                        named("control characters in a value", EventType.BUILD_FAILED),
                        utf8(new String(EventCodec.encode(EventSamples.buildFailed()), StandardCharsets.UTF_8)
                                .replace("\"failedStep\":\"build\"", "\"failedStep\":\"bu\\r\\nild\"")),
                        "failedStep"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableValues")
    void decodeRejectsUnreadableDataWithAReadableReason(EventType<?> type, byte[] value, String reason) {
        Map<String, String> headers = headersOf(type, null);

        assertThatThrownBy(() -> EventCodec.decode(type, headers::get, value))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(type.topic())
                .hasMessageContaining(reason)
                .satisfies(EventSchemaTest::assertReadable);
    }

    private static Arguments namePattern(
            String what, EventType<?> type, String pointer, Consumer<String> check, String seed, String alphabet) {
        ObjectNode property = schemaJson(type).at(pointer).deepCopy();
        assertThat(property.path("pattern").isTextual())
                .as("pattern at %s", pointer)
                .isTrue();
        JsonSchema schema = SCHEMAS.getSchema(property, ASSERT_FORMATS);
        Predicate<String> valid = value -> {
            try {
                check.accept(value);
                return true;
            } catch (IllegalArgumentException invalid) {
                return false;
            }
        };
        return arguments(what, schema, valid, seed, alphabet);
    }

    private static String mutate(String seed, String alphabet, Random random) {
        StringBuilder name = new StringBuilder(seed);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(name.length() + 1);
            if (random.nextBoolean() && at < name.length()) {
                name.deleteCharAt(at);
            } else {
                name.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return name.toString();
    }

    private static String randomText(String alphabet, Random random) {
        StringBuilder name = new StringBuilder();
        for (int length = random.nextInt(12); length > 0; length--) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    private static Map<String, String> headersOf(EventType<?> type, GitopsFlowEvent event) {
        CloudEventAttributes attributes = new CloudEventAttributes(
                "0b7d8c2e-51f4-4a96-8e3d-2c1b0a9f8e7d",
                URI.create("/gitops-flow/test"),
                type.cloudEventType(),
                event == null ? null : event.subject(),
                Instant.parse("2025-05-06T09:14:03Z"),
                null,
                null);
        return new LinkedHashMap<>(KafkaCloudEventHeaders.toHeaders(attributes));
    }

    /** A reason fit for a log line and a DLQ header: one short line, no stack trace, no echo of control characters. */
    private static void assertReadable(Throwable error) {
        String message = error.getMessage();
        assertThat(message).isNotBlank().hasSizeLessThan(400);
        assertThat(message).doesNotContainPattern("\\p{Cntrl}");
        assertThat(message).doesNotContainPattern("\\bat [\\w$.]+\\(\\w+\\.java:\\d+\\)");
    }

    private static Arguments invalid(GitopsFlowEvent event, String pointer, Object value, String named) {
        String label = EventSamples.typeOf(event).topic() + " " + pointer + " = " + value;
        return arguments(named(label, event), pointer, value, named);
    }

    /** Sets (or with a null value removes) the node at {@code pointer}. */
    private static void replace(ObjectNode root, String pointer, Object value) {
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = root.at(at.head());
        JsonNode node = value == null ? null : JSON.valueToTree(value);
        if (parent instanceof ObjectNode object) {
            if (node == null) {
                object.remove(at.last().getMatchingProperty());
            } else {
                object.set(at.last().getMatchingProperty(), node);
            }
        } else if (parent instanceof ArrayNode array && node != null) {
            array.set(at.last().getMatchingIndex(), node);
        } else {
            throw new IllegalArgumentException("no object or array at " + at.head() + " for " + pointer);
        }
    }

    /** Every object level is closed and every property says what it is; conditional subschemas only constrain. */
    private static void collectOpenObjects(JsonNode schema, String location, List<String> problems) {
        if (schema.isObject()) {
            if (schema.has("properties")) {
                if (!schema.path("additionalProperties").equals(BooleanNode.FALSE)) {
                    problems.add(location + " allows additional properties");
                }
                schema.path("properties").properties().forEach(property -> {
                    if (!property.getValue().hasNonNull("description")) {
                        problems.add(location + "/properties/" + property.getKey() + " has no description");
                    }
                });
            } else if ("object".equals(schema.path("type").asText())
                    && !schema.path("additionalProperties").isObject()) {
                problems.add(location + " is an object with neither properties nor a schema of its values");
            }
            schema.properties().forEach(child -> {
                if (!CONDITIONS.contains(child.getKey())) {
                    collectOpenObjects(child.getValue(), location + "/" + child.getKey(), problems);
                }
            });
        } else if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                collectOpenObjects(schema.get(i), location + "/" + i, problems);
            }
        }
    }

    private static void collectNulls(JsonNode node, String location, List<String> nulls) {
        if (node.isNull()) {
            nulls.add(location);
        }
        node.properties().forEach(field -> collectNulls(field.getValue(), location + "/" + field.getKey(), nulls));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNulls(node.get(i), location + "/" + i, nulls);
            }
        }
    }

    private static List<String> propertyNames(JsonNode schema) {
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static JsonSchema schemaOf(EventType<?> type) {
        return LOADED.computeIfAbsent(type.schemaResource(), resource -> {
            try (InputStream in = open(resource)) {
                return SCHEMAS.getSchema(in, ASSERT_FORMATS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static JsonNode schemaJson(EventType<?> type) {
        return readJson(type.schemaResource());
    }

    /** The schema of an older type version beside the current one: {@code schemas/<topic>.v<n>.json}. */
    private static String olderSchemaResource(EventType<?> type, String olderType) {
        return "schemas/" + type.topic() + "." + olderType.substring(olderType.lastIndexOf('.') + 1) + ".json";
    }

    private static JsonNode readJson(String resource) {
        try (InputStream in = open(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = EventSchemaTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as("class-path resource %s", resource).isNotNull();
        return in;
    }

    private static ObjectNode encodedTree(GitopsFlowEvent event) {
        try {
            return (ObjectNode) JSON.readTree(EventCodec.encode(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The public factories of {@link EventSamples}, by name. */
    private static Stream<Method> sampleFactories() {
        return Arrays.stream(EventSamples.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers()) && Modifier.isStatic(method.getModifiers()))
                .filter(method -> method.getParameterCount() == 0
                        && GitopsFlowEvent.class.isAssignableFrom(method.getReturnType()))
                .sorted(Comparator.comparing(Method::getName));
    }

    private static GitopsFlowEvent sample(Method factory) {
        try {
            return (GitopsFlowEvent) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sample " + factory.getName() + " cannot be built", e);
        }
    }
}
