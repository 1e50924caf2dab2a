package io.gitopsflow.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.testkit.bench.RunConditions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;

/**
 * What tracing adds to one publish on the gateway's hot path: the PRODUCER span (child of the request's span), its
 * traceparent written into the attributes, and its end, with the SDK on (batch processor, spans exported to nowhere)
 * and off (no-op tracer), then the conditions of the run (cores, steal, other load, JVM options). Run by hand: {@code java -cp <messaging test classpath>
 * io.gitopsflow.messaging.EventTracingBenchmark [iterations]}; figures in docs/benchmarks.md.
 */
public final class EventTracingBenchmark {

    private EventTracingBenchmark() {}

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        RunConditions conditions = RunConditions.start();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(new Discarding()).build())
                .build();
        Tracer on = provider.get("bench");
        Tracer off = OpenTelemetry.noop().getTracer("bench");
        for (int round = 0; round < 5; round++) {
            System.out.printf(
                    "round %d: SDK on %.0f ns per publish, SDK off %.0f ns%n",
                    round, nanosPerPublish(on, iterations), nanosPerPublish(off, iterations));
        }
        provider.close();
        System.out.print(conditions.describe());
    }

    private static double nanosPerPublish(Tracer tracer, int iterations) {
        EventTracing tracing = new EventTracing(tracer);
        CloudEventAttributes attributes = new CloudEventAttributes(
                "id-1",
                URI.create("/gitops-flow/event-gateway"),
                EventType.COMMIT_PUSHED.cloudEventType(),
                "acme/books-api",
                Instant.now(),
                "0123456789abcdef0123456789abcdef01234567",
                null);
        Span request = tracer.spanBuilder("POST /webhooks/{provider}").startSpan();
        long sink = 0;
        long began = System.nanoTime();
        try (Scope ignored = request.makeCurrent()) {
            for (int i = 0; i < iterations; i++) {
                Span producer = tracing.producer("commit-pushed", attributes);
                CloudEventAttributes sent = EventTracing.continuedBy(producer, attributes);
                EventTracing.end(producer, null);
                sink += sent.traceparent() == null ? 0 : sent.traceparent().length();
            }
        }
        long elapsed = System.nanoTime() - began;
        request.end();
        if (sink == 42) {
            System.out.println("unlikely");
        }
        return (double) elapsed / iterations;
    }

    /** Takes spans and drops them: the cost measured is the service's, not a collector's. */
    private static final class Discarding implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
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
