package io.gitopsflow.events.codec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The CloudEvents Kafka protocol binding, binary content mode: attributes travel as {@code ce_*} headers, the data as
 * the record value and its media type in {@code content-type}. Works on plain strings so it needs no Kafka client.
 */
public final class KafkaCloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    /** Extension: the id that follows one change through every service. */
    public static final String CORRELATION_ID = "ce_correlationid";
    /** Extension (CloudEvents distributed tracing): the W3C trace context. */
    public static final String TRACEPARENT = "ce_traceparent";

    private KafkaCloudEventHeaders() {}

    /** The headers of an event with these attributes, in a stable order. */
    public static Map<String, String> toHeaders(CloudEventAttributes attributes) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, CloudEventAttributes.SPEC_VERSION);
        headers.put(ID, attributes.id());
        headers.put(SOURCE, attributes.source().toString());
        headers.put(TYPE, attributes.type());
        if (attributes.subject() != null) {
            headers.put(SUBJECT, attributes.subject());
        }
        headers.put(TIME, attributes.time().toString());
        headers.put(CONTENT_TYPE, CloudEventAttributes.DATA_CONTENT_TYPE);
        if (attributes.correlationId() != null) {
            headers.put(CORRELATION_ID, attributes.correlationId());
        }
        if (attributes.traceparent() != null) {
            headers.put(TRACEPARENT, attributes.traceparent());
        }
        return headers;
    }

    /**
     * Reads the attributes back from the headers; {@code header} answers the last value of a header, or null.
     *
     * @throws InvalidEventException when a required attribute is missing or malformed
     */
    public static CloudEventAttributes fromHeaders(Function<String, String> header) {
        String specVersion = required(header, SPEC_VERSION);
        if (!CloudEventAttributes.SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException("unsupported CloudEvents spec version in " + SPEC_VERSION);
        }
        String contentType = header.apply(CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(CloudEventAttributes.DATA_CONTENT_TYPE)) {
            throw new InvalidEventException("data must be " + CloudEventAttributes.DATA_CONTENT_TYPE);
        }
        URI source;
        try {
            source = new URI(required(header, SOURCE));
        } catch (URISyntaxException e) {
            throw new InvalidEventException(SOURCE + " is not a URI reference");
        }
        Instant time;
        try {
            time = Instant.parse(required(header, TIME));
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(TIME + " is not an RFC 3339 timestamp");
        }
        return new CloudEventAttributes(
                required(header, ID),
                source,
                required(header, TYPE),
                header.apply(SUBJECT),
                time,
                header.apply(CORRELATION_ID),
                header.apply(TRACEPARENT));
    }

    private static String required(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing CloudEvent header " + name);
        }
        return value;
    }
}
