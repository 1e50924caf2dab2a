package io.gitopsflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The AsyncAPI document names every topic, CloudEvent type, schema and key that {@link EventType} names. */
class AsyncApiDocumentTest {

    private static final String DOCUMENT = "asyncapi.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig ASSERT_FORMATS =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final String TRACEPARENT = "00-77380c1c1b742dc5d13c3befade59e5f-da5b20d19c113cf2-01";

    private static JsonNode document;

    @BeforeAll
    static void readDocument() throws IOException {
        try (InputStream in = open(DOCUMENT)) {
            document = YAML.readTree(in);
        }
    }

    static Stream<Arguments> eventTypes() {
        return EventType.all().stream().map(type -> arguments(named(type.topic(), type)));
    }

    @Test
    void isAnAsyncApi3DocumentOfTheGitopsFlowEvents() {
        assertThat(document.path("asyncapi").asText()).startsWith("3.");
        assertThat(document.path("info").path("title").asText()).isEqualTo("gitops-flow events");
        assertThat(document.path("info").path("version").asText()).isEqualTo("1.0.0");
        assertThat(document.path("info").path("description").asText())
                .contains("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time")
                .contains("ce_correlationid", "ce_traceparent", "application/json")
                .contains("<topic>.dlq", "dead-letter-reason", "dead-letter-cause");
        JsonNode server = document.path("servers").path("kafka");
        assertThat(server.path("protocol").asText()).isEqualTo("kafka");
        assertThat(server.path("host").asText()).isEqualTo("{host}");
        assertThat(server.path("variables").path("host").path("default").asText())
                .isNotBlank();
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsAChannel() {
        Set<String> addresses = fields(document.path("channels"))
                .map(channel -> channel.getValue().path("address").asText())
                .collect(Collectors.toSet());

        for (EventType<?> type : EventType.all()) {
            assertThat(addresses).contains(type.topic(), type.deadLetterTopic());
        }
        assertThat(addresses).hasSize(2 * EventType.all().size());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void messageOfTheTopicCarriesTheEventsSchemaTypeAndKey(EventType<?> type) throws URISyntaxException {
        JsonNode message = currentMessage(type);

        assertThat(message.path("name").asText()).isNotBlank();
        assertThat(message.path("title").asText()).isNotBlank();
        assertThat(message.path("contentType").asText()).isEqualTo("application/json");
        String payload = message.path("payload").path("$ref").asText();
        assertThat(payload).isEqualTo("./" + type.schemaResource());
        URI schema = resource(DOCUMENT).toURI().resolve(payload);
        assertThat(schema.toString()).endsWith("/" + type.schemaResource());
        assertThat(resource(type.schemaResource())).isNotNull();
        JsonNode headers = message.path("headers").path("properties");
        assertThat(headers.path("ce_type").path("const").asText()).isEqualTo(type.cloudEventType());
        JsonNode key = message.path("bindings").path("kafka").path("key");
        assertThat(key.path("type").asText()).isEqualTo("string");
        assertThat(key.path("description").asText()).isEqualTo(type.keyDescription());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void theTopicHasAMessageForEachOlderTypeStillReadWithTheOlderSchema(EventType<?> type) {
        JsonNode channel = channel(type.topic());

        assertThat(fields(channel.path("messages")))
                .hasSize(type.readableTypes().size());
        for (String older : type.olderTypes()) {
            JsonNode message = messageOfType(channel, older);
            String version = older.substring(older.lastIndexOf('.') + 1);
            assertThat(message.path("payload").path("$ref").asText())
                    .isEqualTo("./schemas/" + type.topic() + "." + version + ".json");
            assertThat(message.path("bindings")
                            .path("kafka")
                            .path("key")
                            .path("description")
                            .asText())
                    .isEqualTo(type.keyDescription());
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void producersSendOnlyTheCurrentTypeAndConsumersReceiveEveryTypeStillRead(EventType<?> type) {
        String channelRef = "#/channels/" + channelId(type.topic());
        String current = channelRef + "/messages/"
                + fields(channel(type.topic()).path("messages"))
                        .filter(entry -> entry.getValue() == currentMessage(type))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElseThrow();
        List<String> all = fields(channel(type.topic()).path("messages"))
                .map(entry -> channelRef + "/messages/" + entry.getKey())
                .toList();

        fields(document.path("operations"))
                .map(Map.Entry::getValue)
                .filter(operation ->
                        operation.path("channel").path("$ref").asText().equals(channelRef))
                .forEach(operation -> {
                    List<String> messages = new ArrayList<>();
                    operation
                            .path("messages")
                            .forEach(
                                    message -> messages.add(message.path("$ref").asText()));
                    if (operation.path("action").asText().equals("send")) {
                        assertThat(messages).containsExactly(current);
                    } else {
                        assertThat(messages).containsExactlyInAnyOrderElementsOf(all);
                    }
                });
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void deadLetterChannelCarriesTheFailureHeaders(EventType<?> type) {
        JsonNode message = resolve(onlyMessage(channel(type.deadLetterTopic())));

        assertThat(message.path("headers").path("properties").has("dead-letter-reason"))
                .isTrue();
        assertThat(message.path("headers").path("properties").has("dead-letter-cause"))
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyTopicHasAProducer(EventType<?> type) {
        String channelRef = "#/channels/" + channelId(type.topic());

        assertThat(fields(document.path("operations"))
                        .map(Map.Entry::getValue)
                        .filter(operation -> operation.path("action").asText().equals("send"))
                        .map(operation -> operation.path("channel").path("$ref").asText()))
                .contains(channelRef);
    }

    @Test
    void everyOperationReferencesAnExistingChannelAndOneOfItsMessages() {
        List<String> problems = new ArrayList<>();
        fields(document.path("operations")).forEach(entry -> {
            String name = entry.getKey();
            JsonNode operation = entry.getValue();
            String action = operation.path("action").asText();
            if (!action.equals("send") && !action.equals("receive")) {
                problems.add(name + ": action " + action);
            }
            String channelRef = operation.path("channel").path("$ref").asText();
            if (!channelRef.startsWith("#/channels/")
                    || document.at(channelRef.substring(1)).isMissingNode()) {
                problems.add(name + ": no channel " + channelRef);
            }
            if (operation.path("messages").isEmpty()) {
                problems.add(name + ": no messages");
            }
            operation.path("messages").forEach(message -> {
                String messageRef = message.path("$ref").asText();
                if (!messageRef.startsWith(channelRef + "/messages/")
                        || document.at(messageRef.substring(1)).isMissingNode()) {
                    problems.add(name + ": message " + messageRef + " is not a message of " + channelRef);
                }
            });
        });

        assertThat(fields(document.path("operations"))).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReferenceResolves() {
        List<String> problems = new ArrayList<>();
        collectUnresolved(document, "#", problems);

        assertThat(problems).isEmpty();
    }

    static Stream<Arguments> samples() {
        return EventSamples.all().stream()
                .map(event -> arguments(named(
                        EventSamples.typeOf(event).topic() + " #"
                                + EventSamples.all().indexOf(event),
                        event)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void headersTheCodecWritesMatchTheHeadersSchema(GitopsFlowEvent event) {
        EventType<?> type = EventSamples.typeOf(event);
        CloudEventAttributes attributes = CloudEventAttributes.newEvent(
                type, event, URI.create("/gitops-flow/test"), EventSamples.HEAD_COMMIT, TRACEPARENT);
        JsonNode headers = YAML.valueToTree(KafkaCloudEventHeaders.toHeaders(attributes));
        JsonSchema schema = headersSchema(type);

        assertThat(schema.validate(headers)).isEmpty();
        ((ObjectNode) headers).put(KafkaCloudEventHeaders.TYPE, "io.gitopsflow.other.v1");
        assertThat(schema.validate(headers)).isNotEmpty();
    }

    private static JsonSchema headersSchema(EventType<?> type) {
        ObjectNode schema = currentMessage(type).path("headers").deepCopy();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        return SCHEMAS.getSchema(schema, ASSERT_FORMATS);
    }

    private static void collectUnresolved(JsonNode node, String location, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String target = ref.asText();
                if (target.startsWith("#")) {
                    if (document.at(target.substring(1)).isMissingNode()) {
                        problems.add(location + ": " + target);
                    }
                } else if (resource(target.replaceFirst("^\\./", "")) == null) {
                    problems.add(location + ": no file " + target);
                }
            }
            fields(node)
                    .forEach(child -> collectUnresolved(child.getValue(), location + "/" + child.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUnresolved(node.get(i), location + "/" + i, problems);
            }
        }
    }

    private static JsonNode channel(String address) {
        List<JsonNode> channels = fields(document.path("channels"))
                .map(Map.Entry::getValue)
                .filter(channel -> channel.path("address").asText().equals(address))
                .toList();
        assertThat(channels).as("channels with address %s", address).hasSize(1);
        return channels.get(0);
    }

    private static String channelId(String address) {
        return fields(document.path("channels"))
                .filter(channel -> channel.getValue().path("address").asText().equals(address))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    /** The message of the topic's current type: the one producers send. */
    private static JsonNode currentMessage(EventType<?> type) {
        return messageOfType(channel(type.topic()), type.cloudEventType());
    }

    private static JsonNode messageOfType(JsonNode channel, String cloudEventType) {
        List<JsonNode> messages = fields(channel.path("messages"))
                .map(Map.Entry::getValue)
                .filter(message -> message.path("headers")
                        .path("properties")
                        .path("ce_type")
                        .path("const")
                        .asText()
                        .equals(cloudEventType))
                .toList();
        assertThat(messages)
                .as(
                        "messages of type %s on %s",
                        cloudEventType, channel.path("address").asText())
                .hasSize(1);
        return messages.get(0);
    }

    private static JsonNode onlyMessage(JsonNode channel) {
        List<JsonNode> messages =
                fields(channel.path("messages")).map(Map.Entry::getValue).toList();
        assertThat(messages)
                .as("messages of %s", channel.path("address").asText())
                .hasSize(1);
        return messages.get(0);
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : document.at(ref.asText().substring(1));
    }

    private static Stream<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.properties().stream();
    }

    private static URL resource(String name) {
        return AsyncApiDocumentTest.class.getClassLoader().getResource(name);
    }

    private static InputStream open(String name) {
        try {
            URL url = resource(name);
            assertThat(url).as("class-path resource %s", name).isNotNull();
            return url.openStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
