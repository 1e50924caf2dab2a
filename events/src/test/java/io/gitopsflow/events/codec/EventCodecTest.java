package io.gitopsflow.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.CloudEventTypes;
import io.gitopsflow.events.EventSamples;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.PromotionRequested;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final String IMAGE =
            new String(EventCodec.encode(EventSamples.imagePublished()), StandardCharsets.UTF_8);

    @Test
    void anEventReadsBackAsItWasWritten() {
        assertThat(decode(IMAGE)).isEqualTo(EventSamples.imagePublished());
    }

    @Test
    void aDuplicateKeyIsAnErrorNotTheLastValue() {
        String twice = IMAGE.replaceFirst("\\{", "{\"digest\":\"sha256:" + "0".repeat(64) + "\",");
        assertThatThrownBy(() -> decode(twice)).hasMessageContaining("digest");
    }

    @Test
    void aValueOfAnotherJsonTypeIsAnErrorNotCoerced() {
        String numberForText = IMAGE.replaceFirst("\"buildId\":\"[^\"]*\"", "\"buildId\":42");
        assertThat(numberForText).isNotEqualTo(IMAGE);
        assertThatThrownBy(() -> decode(numberForText)).isInstanceOf(RuntimeException.class);
        String textForNumber = IMAGE.replaceFirst("\"totalMillis\":(\\d+)", "\"totalMillis\":\"$1\"");
        assertThat(textForNumber).isNotEqualTo(IMAGE);
        assertThatThrownBy(() -> decode(textForNumber)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void dataNestedDeeperThanTheLimitIsAnErrorNotAStackOverflow() {
        String deep = IMAGE.replaceFirst("\\{", "{\"extra\":" + "[".repeat(20_000) + "]".repeat(20_000) + ",");
        assertThatThrownBy(() -> decode(deep)).hasMessageContaining("depth");
    }

    /** A freight-created record as a v1 producer wrote it: images only, no charts or commits fields. */
    private static final String FREIGHT_CREATED_V1 = """
            {"freightId":"9d0f3c2b1a0e4f5d6c7b8a9e0f1d2c3b4a5e6f70","alias":"quiet-heron","project":"books-api",\
            "warehouse":"books-api","images":[{"repository":"registry.example.com:5000/acme/books-api","tag":"1.4.2",\
            "digest":"sha256:f90d206634c37563e037b600f99341df56b33b3dbc7467f26518cb005b255b1e"}],"sources":[],\
            "createdAt":"2025-05-07T14:41:10Z"}""";

    /** A promotion-requested record as a v1 producer wrote it: an image, no chart or commit fields. */
    private static final String PROMOTION_REQUESTED_V1 = """
            {"requestId":"r-1","promotionId":"p-1","project":"books-api","stage":"dev",\
            "freightId":"0710efd74ac39c004cb63d4de7373c51b087c9b4","image":{"repository":\
            "registry.example.com:5000/acme/books-api","tag":"1.4.2","digest":\
            "sha256:01c27995059a2fd97d26322d047efcc7dbf9a83b63c5e2c824fa1d9aaa31a480"},"target":{"repositoryUrl":\
            "http://git.example.com/acme/gitops.git","branch":"main","path":"apps/books-api/values-dev.yaml",\
            "kind":"helm-values","field":"image.tag","valueFormat":"tag","writeMode":"push"},\
            "requestedBy":"promotion-service","requestedAt":"2025-05-06T09:16:28.310Z"}""";

    @Test
    void aVersion1FreightCreatedRecordStillDecodesUnderTheVersion2TypeAsAFreightOfImagesOnly() {
        EventEnvelope<FreightCreated> envelope = EventCodec.decode(
                EventType.FREIGHT_CREATED,
                headers(CloudEventTypes.FREIGHT_CREATED_V1)::get,
                FREIGHT_CREATED_V1.getBytes(StandardCharsets.UTF_8));

        assertThat(EventType.FREIGHT_CREATED.cloudEventType()).isEqualTo("io.gitopsflow.freight.created.v2");
        assertThat(envelope.attributes().type()).isEqualTo("io.gitopsflow.freight.created.v1");
        assertThat(envelope.data()).isEqualTo(EventSamples.freightCreatedFromRegistry());
        assertThat(envelope.data().charts()).isEmpty();
        assertThat(envelope.data().commits()).isEmpty();
    }

    @Test
    void aVersion1PromotionRequestedRecordStillDecodesUnderTheVersion2TypeAsAnImageRequest() {
        EventEnvelope<PromotionRequested> envelope = EventCodec.decode(
                EventType.PROMOTION_REQUESTED,
                headers(CloudEventTypes.PROMOTION_REQUESTED_V1)::get,
                PROMOTION_REQUESTED_V1.getBytes(StandardCharsets.UTF_8));

        PromotionRequested request = envelope.data();
        assertThat(request.image().tag()).isEqualTo("1.4.2");
        assertThat(request.chart()).isNull();
        assertThat(request.commit()).isNull();
        assertThat(request.artifactDescription()).isEqualTo("registry.example.com:5000/acme/books-api:1.4.2");
    }

    @Test
    void aStageThatOnlyFailsOnAFailedVerificationWritesNoRollbackFieldsAndAnOlderStageReadsSo() {
        PipelineConfigured sample = EventSamples.pipelineConfigured();
        String json = new String(EventCodec.encode(sample), StandardCharsets.UTF_8);
        // prod rolls back through windows; dev and staging only fail, and say nothing of it (as before the option)
        assertThat(json).containsOnlyOnce("\"onVerificationFailure\":\"rollback\"");
        assertThat(json).containsOnlyOnce("\"rollbackThroughWindows\":true");

        PipelineConfigured older = EventCodec.decode(
                EventType.PIPELINE_CONFIGURED,
                json.replace(",\"onVerificationFailure\":\"rollback\"", "")
                        .replace(",\"rollbackThroughWindows\":true", "")
                        .getBytes(StandardCharsets.UTF_8));
        PipelineConfigured.Stage prod = older.stages().get(2);
        assertThat(prod.onVerificationFailure()).isEqualTo(PipelineConfigured.OnVerificationFailure.FAIL);
        assertThat(prod.rollbackThroughWindows()).isFalse();
        assertThat(EventCodec.decode(EventType.PIPELINE_CONFIGURED, json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(sample);
    }

    @Test
    void aTypeVersionNeitherCurrentNorOlderIsRefused() {
        assertThatThrownBy(() -> EventCodec.decode(
                        EventType.FREIGHT_CREATED,
                        headers("io.gitopsflow.freight.created.v3")::get,
                        FREIGHT_CREATED_V1.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("unexpected CloudEvent type on freight-created: expected"
                        + " io.gitopsflow.freight.created.v2, got io.gitopsflow.freight.created.v3");
    }

    @Test
    void aPromotionRequestWithoutAnArtifactIsRefusedWithAClearMessage() {
        String none = PROMOTION_REQUESTED_V1.replaceFirst("\"image\":\\{[^}]*},", "");
        assertThat(none).doesNotContain("\"image\"");

        assertThatThrownBy(() -> EventCodec.decode(EventType.PROMOTION_REQUESTED, utf8(none)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(
                        "invalid promotion-requested data: exactly one of image, chart and commit must be given,"
                                + " got none");
    }

    @Test
    void aPromotionRequestWithTwoArtifactsIsRefusedWithAClearMessage() {
        String two = PROMOTION_REQUESTED_V1.replaceFirst(
                "\"target\":",
                "\"chart\":{\"repository\":\"" + EventSamples.CHART_REPOSITORY + "\",\"version\":\"1.4.2\","
                        + "\"digest\":\"" + EventSamples.CHART_DIGEST + "\"},\"target\":");

        assertThatThrownBy(() -> EventCodec.decode(EventType.PROMOTION_REQUESTED, utf8(two)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(
                        "invalid promotion-requested data: exactly one of image, chart and commit must be given,"
                                + " got image and chart");
    }

    @Test
    void aFreightWithoutAnyArtifactIsRefusedWithAClearMessage() {
        String empty = FREIGHT_CREATED_V1.replaceFirst("\"images\":\\[.*?}],", "\"images\":[],");
        assertThat(empty).contains("\"images\":[]");

        assertThatThrownBy(() -> EventCodec.decode(EventType.FREIGHT_CREATED, utf8(empty)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(
                        "invalid freight-created data: images, charts and commits are all empty: a Freight must"
                                + " hold at least one artifact");
    }

    private static Map<String, String> headers(String cloudEventType) {
        return KafkaCloudEventHeaders.toHeaders(new CloudEventAttributes(
                "0b7d8c2e-51f4-4a96-8e3d-2c1b0a9f8e7d",
                URI.create("/gitops-flow/test"),
                cloudEventType,
                "books-api/books-api",
                Instant.parse("2025-05-07T14:41:10Z"),
                null,
                null));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Object decode(String json) {
        return EventCodec.decode(EventType.IMAGE_PUBLISHED, json.getBytes(StandardCharsets.UTF_8));
    }
}
