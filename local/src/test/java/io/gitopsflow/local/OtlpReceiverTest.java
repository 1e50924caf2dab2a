package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String TRACE = "6b4d550631e2f08324f627b9035b6a12";

    @Test
    void aBatchSentAgainAfterALateAnswerKeepsEachSpanOnce() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            HttpClient client = HttpClient.newHttpClient();
            ExportTraceServiceRequest first = export(span("e389515e14b9bdef", "", "POST /webhooks/{provider}"));
            ExportTraceServiceRequest second = export(
                    span("e389515e14b9bdef", "", "POST /webhooks/{provider}"),
                    span("0123456789abcdef", "e389515e14b9bdef", "send commit-pushed"));

            assertThat(post(client, receiver, first)).isEqualTo(200);
            assertThat(post(client, receiver, first)).isEqualTo(200);
            assertThat(post(client, receiver, second)).isEqualTo(200);

            assertThat(receiver.trace(TRACE))
                    .extracting(OtlpReceiver.ReceivedSpan::spanId)
                    .containsExactly("e389515e14b9bdef", "0123456789abcdef");
            assertThat(receiver.trace(TRACE).get(0).service()).isEqualTo("event-gateway");
        }
    }

    private static int post(HttpClient client, OtlpReceiver receiver, ExportTraceServiceRequest export)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.tracesEndpoint()))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(export.toByteArray()))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static ExportTraceServiceRequest export(Span... spans) {
        KeyValue service = KeyValue.newBuilder()
                .setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue("event-gateway"))
                .build();
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(service))
                        .addScopeSpans(scope))
                .build();
    }

    private static Span span(String id, String parent, String name) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HEX.parseHex(TRACE)))
                .setSpanId(ByteString.copyFrom(HEX.parseHex(id)))
                .setParentSpanId(ByteString.copyFrom(HEX.parseHex(parent)))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .build();
    }
}
