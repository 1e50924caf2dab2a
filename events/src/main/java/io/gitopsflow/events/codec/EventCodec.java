package io.gitopsflow.events.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import java.io.IOException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads and writes the JSON data of gitops-flow events the same way everywhere: ISO-8601 times, absent instead of
 * null fields, unknown fields ignored (a newer producer may add optional fields within one type version); and strictly,
 * since records and CloudEvents come from outside too: duplicate keys, a value of another JSON type than its field's
 * (no string read as a number or boolean, no number or boolean read as a string) and nesting deeper than
 * {@value #MAX_NESTING_DEPTH} are errors.
 */
public final class EventCodec {

    /** The deepest nesting of objects and arrays an event's data may have (the contract's go about five deep). */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .addModule(new JavaTimeModule())
            // a string is not a number or a boolean, and the other way round: a mistyped field is an error
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                    LogicalType.Textual,
                    textual -> textual.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventCodec() {}

    /** The mapper events are written with, for code that needs to embed an event in other JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The event's data as UTF-8 JSON. */
    public static byte[] encode(GitopsFlowEvent data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + data.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads JSON data into the event's record.
     *
     * @throws InvalidEventException when the bytes are not JSON, or not a valid event of this type
     */
    public static <T extends GitopsFlowEvent> T decode(EventType<T> type, byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("empty data, expected a " + type.topic() + " JSON object");
        }
        try {
            T data = MAPPER.readValue(json, type.dataClass());
            if (data == null) {
                throw new InvalidEventException("null data, expected a " + type.topic() + " JSON object");
            }
            return data;
        } catch (JacksonException e) {
            throw new InvalidEventException("invalid " + type.topic() + " data: " + describe(e), e);
        } catch (IOException e) {
            throw new InvalidEventException("unreadable " + type.topic() + " data", e);
        }
    }

    /**
     * Reads one Kafka record in binary content mode: attributes from the {@code ce_*} headers, data from the value.
     *
     * @param header the last value of a header as text, or null
     * @throws InvalidEventException when the headers or the data are not an event of {@code type}
     */
    public static <T extends GitopsFlowEvent> EventEnvelope<T> decode(
            EventType<T> type, Function<String, String> header, byte[] value) {
        CloudEventAttributes attributes = KafkaCloudEventHeaders.fromHeaders(header);
        if (!type.reads(attributes.type())) {
            throw new InvalidEventException("unexpected CloudEvent type on " + type.topic() + ": expected "
                    + type.cloudEventType() + ", got " + printable(attributes.type()));
        }
        return new EventEnvelope<>(attributes, decode(type, value));
    }

    /** A reason a producer can act on: what is wrong, where (JSON path, line, column); no Java class names. */
    private static String describe(JacksonException e) {
        String reason;
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            reason = e.getCause().getMessage();
        } else if (e instanceof InvalidFormatException invalid) {
            reason = "invalid value " + printable(String.valueOf(invalid.getValue()));
        } else if (e instanceof MismatchedInputException mismatch) {
            String original = String.valueOf(mismatch.getOriginalMessage());
            if (original.contains("end-of-input")) {
                reason = "truncated JSON (unexpected end-of-input)";
            } else if (original.startsWith("Trailing token")) {
                reason = "Trailing data after the JSON object";
            } else {
                reason = "missing value or value of the wrong JSON type";
            }
        } else if (e instanceof JsonParseException) {
            reason = "malformed JSON: " + e.getOriginalMessage();
        } else {
            reason = "malformed JSON: " + String.valueOf(e.getOriginalMessage()).replaceAll("`[^`]*`", "value");
        }
        StringBuilder text = new StringBuilder(printable(reason));
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            text.append(" at ")
                    .append(mapping.getPath().stream()
                            .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                            .collect(Collectors.joining(".")));
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            text.append(" (line ")
                    .append(location.getLineNr())
                    .append(", column ")
                    .append(location.getColumnNr())
                    .append(')');
        }
        return text.toString();
    }

    /** Makes a value safe for a log line or a header: no control characters, bounded length. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String flat = value.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
