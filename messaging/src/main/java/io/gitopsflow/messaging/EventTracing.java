package io.gitopsflow.messaging;

import io.gitopsflow.events.codec.CloudEventAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One trace per change across the Kafka hops. The automatic Kafka instrumentation sees the thread that sends a record,
 * which behind the outbox is the relay's, not the cause's; so the hops are traced here from the event's own
 * {@code traceparent} (the {@code ce_traceparent} header): a PRODUCER span, child of the context the event was made in,
 * whose context the record carries, and a CONSUMER span, child of the record's, whose context the handlers pass on to
 * what they cause. The W3C propagator reads and writes the header value. With a no-op tracer (no SDK) a record's
 * traceparent passes through unchanged, so a hop that does not trace does not break the chain; Quarkus's disabled SDK
 * still makes (unexported) spans, so the context flows either way.
 */
@ApplicationScoped
public class EventTracing {

    /** The W3C {@code traceparent} field, as the propagator names it. */
    static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> HEADER_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;

    public EventTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The context {@code traceparent} names, or the root context when it is null or malformed. */
    public static Context contextOf(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, HEADER_VALUE);
    }

    /** The W3C {@code traceparent} of {@code context}'s span, or null when it has no valid span. */
    public static String traceparentOf(Context context) {
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The {@code traceparent} of the span current here (an HTTP request's, a consumed record's), or null. */
    public static String currentTraceparent() {
        return traceparentOf(Context.current());
    }

    /**
     * The {@code traceparent} something made here continues: the span current here (a request's, a consumed
     * record's), else {@code otherwise} (e.g. its promotion's), else a new trace, for what a timer made: a root span
     * named {@code name}, ended at once, so every sending of it is in one trace. Null with a no-op tracer.
     */
    public String traceparentHere(String otherwise, String name) {
        String current = currentTraceparent();
        if (current != null) {
            return current;
        }
        if (otherwise != null) {
            return otherwise;
        }
        Span span = tracer.spanBuilder(name).setNoParent().startSpan();
        span.end();
        return traceparentOf(Context.root().with(span));
    }

    /** Attributes with {@code traceparent}, or {@code attributes} themselves when it is null or already theirs. */
    public static CloudEventAttributes withTraceparent(CloudEventAttributes attributes, String traceparent) {
        if (traceparent == null || traceparent.equals(attributes.traceparent())) {
            return attributes;
        }
        return new CloudEventAttributes(
                attributes.id(),
                attributes.source(),
                attributes.type(),
                attributes.subject(),
                attributes.time(),
                attributes.correlationId(),
                traceparent);
    }

    /**
     * Starts the PRODUCER span of sending {@code attributes}' event to {@code topic}: a child of the event's traceparent
     * when it has one, else of the current context (the request or record being handled).
     */
    public Span producer(String topic, CloudEventAttributes attributes) {
        Context parent = attributes.traceparent() == null ? Context.current() : contextOf(attributes.traceparent());
        return messagingSpan("send " + topic, SpanKind.PRODUCER, parent, topic, "send", attributes);
    }

    /** Starts the CONSUMER span of handling {@code attributes}' event read from {@code topic}: a child of its sender's. */
    public Span consumer(String topic, CloudEventAttributes attributes) {
        return messagingSpan(
                "process " + topic,
                SpanKind.CONSUMER,
                contextOf(attributes.traceparent()),
                topic,
                "process",
                attributes);
    }

    /** {@code attributes} as a span's context continues them: the span's traceparent when it traces, else as they are. */
    public static CloudEventAttributes continuedBy(Span span, CloudEventAttributes attributes) {
        return withTraceparent(attributes, traceparentOf(Context.root().with(span)));
    }

    /**
     * Runs {@code work}, a slow step of a change (a clone, a build, a measurement), in a span of its own named
     * {@code name}, child of {@code traceparent} (the change's stored context), current while {@code work} assembles;
     * the span ends when the step does, marked as an error when it fails.
     */
    public <T> Uni<T> step(String name, String traceparent, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span =
                    tracer.spanBuilder(name).setParent(parentOf(traceparent)).startSpan();
            Uni<T> started;
            try (Scope ignored = span.makeCurrent()) {
                started = work.get();
            } catch (RuntimeException e) {
                end(span, e);
                throw e;
            }
            return started.onTermination().invoke((item, failure, cancelled) -> end(span, failure));
        });
    }

    /** The blocking form of {@link #step}: runs {@code work} on this thread in a span of its own. */
    public <T> T stepBlocking(String name, String traceparent, Supplier<T> work) {
        Span span = tracer.spanBuilder(name).setParent(parentOf(traceparent)).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            T result = work.get();
            span.end();
            return result;
        } catch (RuntimeException e) {
            end(span, e);
            throw e;
        }
    }

    /** Ends {@code span}, as an error when {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end();
    }

    private static Context parentOf(String traceparent) {
        return traceparent == null ? Context.current() : contextOf(traceparent);
    }

    private Span messagingSpan(
            String name,
            SpanKind kind,
            Context parent,
            String topic,
            String operation,
            CloudEventAttributes attributes) {
        var builder = tracer.spanBuilder(name)
                .setSpanKind(kind)
                .setParent(parent)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation.type", operation)
                .setAttribute("messaging.message.id", attributes.id())
                .setAttribute("cloudevents.event_id", attributes.id())
                .setAttribute("cloudevents.event_type", attributes.type());
        if (attributes.subject() != null) {
            builder.setAttribute("cloudevents.event_subject", attributes.subject());
        }
        if (attributes.correlationId() != null) {
            builder.setAttribute("gitops_flow.correlation_id", attributes.correlationId());
        }
        return builder.startSpan();
    }
}
