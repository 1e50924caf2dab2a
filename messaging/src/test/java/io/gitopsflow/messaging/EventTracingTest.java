package io.gitopsflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventTracingTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new Collecting()))
            .build();
    private final EventTracing tracing = new EventTracing(provider.get("test"));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aTraceparentReadsAndWritesBackTheSame() {
        assertThat(EventTracing.traceparentOf(EventTracing.contextOf(TRACEPARENT)))
                .isEqualTo(TRACEPARENT);
    }

    @Test
    void aMissingOrMalformedTraceparentStartsNoTrace() {
        assertThat(EventTracing.traceparentOf(EventTracing.contextOf(null))).isNull();
        assertThat(EventTracing.traceparentOf(EventTracing.contextOf("00-not-a-trace-01")))
                .isNull();
    }

    @Test
    void theProducerSpanIsAChildOfTheEventsTraceparentAndTheRecordCarriesIt() {
        Span producer = tracing.producer("image-published", attributes(TRACEPARENT));
        CloudEventAttributes sent = EventTracing.continuedBy(producer, attributes(TRACEPARENT));
        producer.end();

        SpanData span = ended.get(0);
        assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(span.getName()).isEqualTo("send image-published");
        assertThat(span.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(sent.traceparent()).isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
    }

    @Test
    void anEventWithoutTraceparentIsSentFromTheCurrentSpan() {
        Span request = provider.get("test").spanBuilder("POST /webhooks/github").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            tracing.producer("commit-pushed", attributes(null)).end();
        }
        request.end();

        assertThat(ended.get(0).getParentSpanId())
                .isEqualTo(request.getSpanContext().getSpanId());
        assertThat(ended.get(0).getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    }

    @Test
    void theHandlersSeeTheConsumerSpanCurrentAndItsTraceparentOnTheEvent() {
        EventReceiver receiver = new EventReceiver(new ConsumerOutages(), retry(), tracing);
        AtomicReference<String> handed = new AtomicReference<>();
        AtomicReference<String> current = new AtomicReference<>();

        receiver.traced("image-published", new EventEnvelope<>(attributes(TRACEPARENT), null), event -> {
                    handed.set(event.attributes().traceparent());
                    current.set(EventTracing.currentTraceparent());
                    return Uni.createFrom().voidItem();
                })
                .await()
                .indefinitely();

        SpanData consumer = ended.get(0);
        assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(consumer.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        String own = "00-" + consumer.getTraceId() + "-" + consumer.getSpanId() + "-01";
        assertThat(handed.get()).isEqualTo(own);
        assertThat(current.get()).isEqualTo(own);
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }

    @Test
    void aSlowStepIsAChildOfTheStoredTraceparentAndFailsWithTheStep() {
        Uni<Void> clone = tracing.step(
                "clone", TRACEPARENT, () -> Uni.createFrom().failure(new IllegalStateException("unreachable")));
        assertThat(clone.onFailure().recoverWithNull().await().indefinitely()).isNull();

        assertThat(ended.get(0).getName()).isEqualTo("clone");
        assertThat(ended.get(0).getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(ended.get(0).getStatus().getDescription()).isEqualTo("unreachable");
    }

    @Test
    void withoutTracingTheRecordsTraceparentPassesThroughUnchanged() {
        EventTracing off = new EventTracing(OpenTelemetry.noop().getTracer("test"));
        Span producer = off.producer("image-published", attributes(TRACEPARENT));
        assertThat(EventTracing.continuedBy(producer, attributes(TRACEPARENT)).traceparent())
                .isEqualTo(TRACEPARENT);
        assertThat(Context.current().with(producer)).isNotNull();
    }

    private static CloudEventAttributes attributes(String traceparent) {
        return new CloudEventAttributes(
                "id-1",
                URI.create("/gitops-flow/test"),
                EventType.IMAGE_PUBLISHED.cloudEventType(),
                "books-api",
                Instant.parse("2026-12-06T12:00:00Z"),
                "abc123",
                traceparent);
    }

    private static RetryPolicy retry() {
        return new RetryPolicy() {
            @Override
            public Duration initialBackoff() {
                return Duration.ofMillis(10);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(10);
            }
        };
    }

    /** Keeps the ended spans. */
    private final class Collecting implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            ended.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
