package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.local.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;

/** What one push's trace must show: one trace id across every service, every hop linked to the hop before it. */
final class PushTrace {

    static final Set<String> SERVICES = Set.of(
            "event-gateway", "build-worker", "promotion-service", "gitops-writer", "analysis-service", "console");

    private PushTrace() {}

    /** The trace id the {@code commit-pushed} of {@code commit} carries in its {@code ce_traceparent}. */
    static String traceIdOf(EventFeed feed, String commit) {
        EventFeed.Received pushed = feed.all().stream()
                .filter(received -> received.record().topic().equals("commit-pushed"))
                .filter(received -> commit.equals(header(received, KafkaCloudEventHeaders.CORRELATION_ID)))
                .findFirst()
                .orElseThrow();
        String traceparent = header(pushed, KafkaCloudEventHeaders.TRACEPARENT);
        assertThat(traceparent).as("the commit-pushed's ce_traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        return traceparent.substring(3, 35);
    }

    /** Waits until the trace holds every service's spans and no span's parent is missing, then checks the links. */
    static List<ReceivedSpan> awaitWhole(OtlpReceiver traces, String traceId, Duration wait) {
        await().atMost(wait).untilAsserted(() -> {
            List<ReceivedSpan> trace = traces.trace(traceId);
            assertThat(trace).extracting(ReceivedSpan::service).containsAll(SERVICES);
            // the last hop: the verdict read by promotion-service and projected by the console
            assertThat(trace)
                    .filteredOn(span -> span.name().equals("process analysis-completed"))
                    .extracting(ReceivedSpan::service)
                    .contains("promotion-service", "console");
            assertThat(orphans(trace))
                    .as("spans whose parent is not in the trace")
                    .isEmpty();
        });
        List<ReceivedSpan> trace = traces.trace(traceId);
        Map<String, ReceivedSpan> byId =
                trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
        // one root: the webhook request the gateway served
        assertThat(trace)
                .filteredOn(span -> span.parentSpanId().isEmpty())
                .singleElement()
                .satisfies(root -> {
                    assertThat(root.service()).isEqualTo("event-gateway");
                    assertThat(root.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
                });
        // every hop: a consumer's parent is the producer span of the service that sent the record
        List<ReceivedSpan> consumers = trace.stream()
                .filter(span -> span.kind() == SpanKind.SPAN_KIND_CONSUMER)
                .toList();
        assertThat(consumers)
                .extracting(ReceivedSpan::service)
                .contains("build-worker", "promotion-service", "gitops-writer", "analysis-service", "console");
        for (ReceivedSpan consumer : consumers) {
            ReceivedSpan parent = byId.get(consumer.parentSpanId());
            assertThat(parent.kind()).as("the parent of %s", consumer).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
            assertThat(parent.name().replace("send ", ""))
                    .as("the parent of %s", consumer)
                    .isEqualTo(consumer.name().replace("process ", ""));
            if (!consumer.service().equals("console")) {
                assertThat(parent.service()).as("the parent of %s", consumer).isNotEqualTo(consumer.service());
            }
        }
        return trace;
    }

    private static List<ReceivedSpan> orphans(List<ReceivedSpan> trace) {
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        return trace.stream()
                .filter(span -> !span.parentSpanId().isEmpty() && !ids.contains(span.parentSpanId()))
                .toList();
    }

    private static String header(EventFeed.Received received, String name) {
        Header header = received.record().headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
