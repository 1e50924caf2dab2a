package io.gitopsflow.events.codec;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The CloudEvents 1.0 context attributes of one gitops-flow event, with the two extensions every event carries.
 *
 * @param id unique per event (a redelivery keeps it)
 * @param source the producing service, e.g. {@code /gitops-flow/event-gateway}
 * @param type the versioned CloudEvent type, e.g. {@code io.gitopsflow.commit.pushed.v1}
 * @param subject the repository, application or stage the event is about
 * @param time when it happened
 * @param correlationId the id that follows one change end to end: the application commit SHA where there is one
 * @param traceparent the W3C trace context of the producing span, or null
 */
public record CloudEventAttributes(
        String id, URI source, String type, String subject, Instant time, String correlationId, String traceparent) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    public CloudEventAttributes {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }

    /** Attributes for a new event of {@code type} produced now by {@code source}. */
    public static CloudEventAttributes newEvent(
            EventType<?> type, GitopsFlowEvent data, URI source, String correlationId, String traceparent) {
        return new CloudEventAttributes(
                UUID.randomUUID().toString(),
                source,
                type.cloudEventType(),
                data.subject(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                correlationId,
                traceparent);
    }
}
