package io.gitopsflow.promotion.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.spec.pipeline.PathPattern;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PromotionWindow;
import io.gitopsflow.spec.pipeline.Stage;
import io.gitopsflow.spec.pipeline.Subscription;
import io.gitopsflow.spec.pipeline.TagPattern;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A pipeline in force as the pipeline-configured the console draws its board from, and the fingerprint of that
 * definition: the SHA-256 of its JSON without the time (map entries sorted), so the same definition read by any
 * instance, at any time, from any formatting of its file, has the same fingerprint.
 */
final class PipelineDefinitions {

    private static final ObjectMapper CANONICAL =
            EventCodec.mapper().copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    /** Stands for the fingerprint and the time while the fingerprint is computed. */
    private static final String NO_FINGERPRINT = "0".repeat(64);

    private PipelineDefinitions() {}

    /** The definition of {@code pipeline}, configured at {@code at}. */
    static PipelineConfigured of(Pipeline pipeline, Instant at) {
        PipelineConfigured.Warehouse warehouse = new PipelineConfigured.Warehouse(
                pipeline.warehouse().name(),
                pipeline.warehouse().subscriptions().stream()
                        .map(PipelineDefinitions::subscription)
                        .toList(),
                pipeline.warehouse().charts().stream()
                        .map(c -> new PipelineConfigured.ChartSubscription(c.chartRepository(), c.constraint()))
                        .toList(),
                pipeline.warehouse().git().stream()
                        .map(g -> new PipelineConfigured.GitSubscription(
                                g.repositoryUrl(),
                                g.branch(),
                                g.includePaths().stream()
                                        .map(PathPattern::source)
                                        .toList(),
                                g.excludePaths().stream()
                                        .map(PathPattern::source)
                                        .toList()))
                        .toList(),
                pipeline.warehouse().criteria() == null
                        ? null
                        : pipeline.warehouse().criteria().expression());
        List<PipelineConfigured.Stage> stages =
                pipeline.stages().stream().map(PipelineDefinitions::stage).toList();
        return fingerprinted(
                new PipelineConfigured(pipeline.name(), pipeline.file(), false, warehouse, stages, NO_FINGERPRINT, at));
    }

    /** The removal of the pipeline {@code project}, last declared in {@code file}. */
    static PipelineConfigured removed(String project, String file, Instant at) {
        return fingerprinted(new PipelineConfigured(project, file, true, null, List.of(), NO_FINGERPRINT, at));
    }

    private static PipelineConfigured fingerprinted(PipelineConfigured definition) {
        PipelineConfigured timeless = new PipelineConfigured(
                definition.project(),
                definition.file(),
                definition.removed(),
                definition.warehouse(),
                definition.stages(),
                NO_FINGERPRINT,
                Instant.EPOCH);
        return new PipelineConfigured(
                definition.project(),
                definition.file(),
                definition.removed(),
                definition.warehouse(),
                definition.stages(),
                sha256(timeless),
                definition.configuredAt());
    }

    private static PipelineConfigured.Subscription subscription(Subscription subscription) {
        return new PipelineConfigured.Subscription(
                subscription.imageRepository(),
                PipelineConfigured.TagStrategy.valueOf(subscription.strategy().name()),
                subscription.constraint(),
                subscription.mutableTag(),
                subscription.allowTags().stream().map(TagPattern::source).toList(),
                subscription.ignoreTags(),
                subscription.ignoreTagsRegexes().stream()
                        .map(TagPattern::source)
                        .toList());
    }

    private static PipelineConfigured.Stage stage(Stage stage) {
        Stage.Approvals approvals = stage.approvals() == null ? Stage.Approvals.NONE : stage.approvals();
        Stage.HealthGate gate = stage.healthGate();
        return new PipelineConfigured.Stage(
                stage.name(),
                stage.upstream(),
                stage.fromWarehouse(),
                stage.autoPromotion(),
                approvals.required(),
                approvals.required() > 0 ? approvals.role() : null,
                stage.soak() == null ? 0 : stage.soak().toSeconds(),
                stage.verification(),
                gate == null
                        ? null
                        : new PipelineConfigured.HealthGate(
                                gate.namespace(), gate.name(), gate.timeout().toSeconds()),
                stage.windows().stream().map(PipelineDefinitions::window).toList(),
                PipelineConfigured.OnVerificationFailure.valueOf(
                        stage.onVerificationFailure().name()),
                stage.rollbackThroughWindows());
    }

    private static PipelineConfigured.PromotionWindow window(PromotionWindow window) {
        return new PipelineConfigured.PromotionWindow(
                PipelineConfigured.PromotionWindow.Kind.valueOf(window.kind().name()),
                window.schedule(),
                window.duration().toSeconds(),
                window.zone().getId());
    }

    private static String sha256(PipelineConfigured definition) {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(definition);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint pipeline " + definition.project(), e);
        }
    }
}
