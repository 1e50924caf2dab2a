package io.gitopsflow.console;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.AnalysisCompleted.MetricResult;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.StagePromoted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events of the build and promotion part of the flow, as build-worker, promotion-service, gitops-writer and
 * analysis-service publish them, for the projection's tests to script a flow with their own names.
 */
public final class PromotionEvents {

    /** Who promotion-service names as the actor of what it decides by itself. */
    public static final String SERVICE = "promotion-service";

    private PromotionEvents() {}

    /** A 40-hex commit made of {@code token} (8 hex), so a flow's rows can be compared with its token replaced. */
    public static String sha(String token) {
        return token.repeat(5);
    }

    /** A sha256 digest made of {@code token} (8 hex). */
    public static String digest(String token) {
        return "sha256:" + token.repeat(8);
    }

    /** The commit {@code commit} of {@code repository} on main. */
    public static SourceCommit source(String repository, String commit) {
        return new SourceCommit(repository, "http://git.test/" + repository + ".git", commit, "refs/heads/main");
    }

    /** build-worker's image of {@code source}, built by {@code buildId}. */
    public static ImagePublished builtImage(
            String imageRepository, String digest, SourceCommit source, String buildId, Instant at) {
        return new ImagePublished(
                imageRepository,
                List.of(source.commit(), "main-" + source.commit().substring(0, 7) + "-1"),
                digest,
                source,
                buildId,
                ImagePublished.Origin.BUILD_WORKER,
                at,
                new BuildDurations(1200, 8300, 2100, 11600));
    }

    /** An image built elsewhere and announced through the CloudEvents endpoint: no build of gitops-flow. */
    public static ImagePublished externalImage(String imageRepository, String digest, SourceCommit source, Instant at) {
        return new ImagePublished(
                imageRepository, List.of("1.0.0"), digest, source, null, ImagePublished.Origin.EXTERNAL, at, null);
    }

    /** build-worker's build {@code buildId} of {@code source} failed at its build step. */
    public static BuildFailed buildFailed(String buildId, SourceCommit source, Instant at) {
        return new BuildFailed(
                buildId,
                source,
                "build",
                "the Dockerfile's RUN step needs a Kubernetes builder",
                "step 3/7 RUN make",
                at,
                new BuildDurations(900, 4100, 0, 5000));
    }

    /** build-worker took {@code buildId} from its queue, for its {@code attempt}th start. */
    public static BuildStarted buildStarted(
            String buildId, SourceCommit source, Instant queuedAt, Instant startedAt, int attempt) {
        return new BuildStarted(
                buildId,
                source,
                "jib",
                queuedAt,
                startedAt,
                startedAt.toEpochMilli() - queuedAt.toEpochMilli(),
                attempt);
    }

    /** {@code project}'s definition with {@code stages} in order (each after the one before), fingerprint of {@code mark}. */
    public static PipelineConfigured pipelineConfigured(String project, String mark, Instant at, String... stages) {
        List<PipelineConfigured.Stage> declared = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            List<String> upstream = i == 0 ? List.of() : List.of(stages[i - 1]);
            declared.add(new PipelineConfigured.Stage(
                    stages[i],
                    upstream,
                    i == 0,
                    true,
                    i == 0 ? 0 : 1,
                    i == 0 ? null : "release-manager",
                    0,
                    List.of(),
                    null,
                    List.of()));
        }
        PipelineConfigured.Warehouse warehouse = new PipelineConfigured.Warehouse(
                "images",
                List.of(new PipelineConfigured.Subscription(
                        "registry.test/acme/" + project,
                        PipelineConfigured.TagStrategy.NEWEST,
                        null,
                        null,
                        List.of(),
                        List.of(),
                        List.of())));
        return new PipelineConfigured(project, project + ".yaml", false, warehouse, declared, mark.repeat(64), at);
    }

    /** {@code configured} with each stage requiring the approvals given in stage order (0: none). */
    public static PipelineConfigured withApprovals(PipelineConfigured configured, int... approvals) {
        List<PipelineConfigured.Stage> stages = new ArrayList<>();
        for (int i = 0; i < configured.stages().size(); i++) {
            PipelineConfigured.Stage stage = configured.stages().get(i);
            stages.add(new PipelineConfigured.Stage(
                    stage.name(),
                    stage.upstream(),
                    stage.fromWarehouse(),
                    stage.autoPromotion(),
                    approvals[i],
                    approvals[i] == 0 ? null : stage.approverRole(),
                    stage.soakSeconds(),
                    stage.verification(),
                    stage.healthGate(),
                    stage.windows()));
        }
        return new PipelineConfigured(
                configured.project(),
                configured.file(),
                configured.removed(),
                configured.warehouse(),
                stages,
                configured.fingerprint(),
                configured.configuredAt());
    }

    /** {@code project}'s pipeline file was deleted. */
    public static PipelineConfigured pipelineRemoved(String project, Instant at) {
        return new PipelineConfigured(project, project + ".yaml", true, null, List.of(), "f".repeat(64), at);
    }

    /** The Freight {@code freightId} of {@code project}'s Warehouse holding {@code image}. */
    public static FreightCreated freightCreated(
            String freightId, String alias, String project, ImageRef image, SourceCommit source, Instant at) {
        return new FreightCreated(
                freightId, alias, project, "images", List.of(image), source.commit(), List.of(source), at);
    }

    /** A change of a promotion that is not a rollback. */
    public static PromotionUpdated updated(
            Promotion promotion, Change change, Phase phase, Phase previous, String actor, String reason, Instant at) {
        return updated(promotion, false, change, phase, previous, actor, reason, at);
    }

    /** A change of a promotion: the one place the record is built, so a new field of the contract is one edit. */
    public static PromotionUpdated updated(
            Promotion promotion,
            boolean rollback,
            Change change,
            Phase phase,
            Phase previous,
            String actor,
            String reason,
            Instant at) {
        return new PromotionUpdated(
                promotion.id(),
                promotion.project(),
                promotion.stage(),
                promotion.freightId(),
                promotion.alias(),
                promotion.commit(),
                rollback,
                change,
                phase,
                previous,
                actor,
                reason,
                at);
    }

    /** The promotion was created (Pending) by {@code actor}. */
    public static PromotionUpdated created(Promotion promotion, String actor, Instant at) {
        return updated(promotion, Change.CREATED, Phase.PENDING, null, actor, null, at);
    }

    /** The promotion's phase moved from {@code from} to {@code to}. */
    public static PromotionUpdated moved(Promotion promotion, Phase from, Phase to, String reason, Instant at) {
        return updated(promotion, Change.PHASE_CHANGED, to, from, SERVICE, reason, at);
    }

    /** {@code reviewer} approved the pending promotion. */
    public static PromotionUpdated approved(Promotion promotion, String reviewer, Instant at) {
        return updated(promotion, Change.APPROVED, Phase.PENDING, null, reviewer, "looks good", at);
    }

    /** {@code reviewer} rejected the pending promotion. */
    public static PromotionUpdated rejected(Promotion promotion, String reviewer, String reason, Instant at) {
        return updated(promotion, Change.REJECTED, Phase.REJECTED, Phase.PENDING, reviewer, reason, at);
    }

    /** The promotion's write of {@code image} was asked of gitops-writer. */
    public static PromotionRequested requested(Promotion promotion, ImageRef image, Instant at) {
        return new PromotionRequested(
                promotion.id() + "-0",
                promotion.id(),
                promotion.project(),
                promotion.stage(),
                promotion.freightId(),
                promotion.alias(),
                image,
                promotion.commit(),
                target(promotion),
                SERVICE,
                at);
    }

    /** gitops-writer committed the promotion's write as {@code gitopsCommit}. */
    public static ManifestUpdated committed(Promotion promotion, String gitopsCommit, Instant at) {
        return new ManifestUpdated(
                promotion.id() + "-0",
                promotion.id(),
                promotion.project(),
                promotion.stage(),
                promotion.freightId(),
                target(promotion),
                ManifestUpdated.Status.COMMITTED,
                gitopsCommit,
                "0.9.0",
                promotion.commit(),
                null,
                null,
                1,
                at);
    }

    /** The stage runs the promotion's Freight, written and healthy, to be verified by the template {@code smoke}. */
    public static StagePromoted promoted(Promotion promotion, ImageRef image, String gitopsCommit, Instant at) {
        return new StagePromoted(
                promotion.id(),
                promotion.project(),
                promotion.stage(),
                promotion.freightId(),
                promotion.alias(),
                List.of(image),
                promotion.commit(),
                List.of(gitopsCommit),
                List.of(new AnalysisTemplateRef("smoke", false, Map.of())),
                at);
    }

    /** The promotion's analysis run {@code runId} ended Successful, its one metric measured three times. */
    public static AnalysisCompleted analysed(Promotion promotion, String runId, Instant startedAt, Instant at) {
        return new AnalysisCompleted(
                runId,
                promotion.id(),
                promotion.project(),
                promotion.stage(),
                promotion.freightId(),
                AnalysisCompleted.Phase.SUCCESSFUL,
                "all metrics passed",
                List.of(new MetricResult(
                        "error-rate", AnalysisCompleted.Phase.SUCCESSFUL, 3, 3, 0, 0, 0, "0.01", null, false)),
                startedAt,
                at);
    }

    private static GitOpsTarget target(Promotion promotion) {
        return new GitOpsTarget(
                "http://git.test/gitops/" + promotion.project() + ".git",
                "main",
                promotion.stage() + "/values.yaml",
                GitOpsTarget.EditKind.HELM_VALUES,
                "image.tag",
                GitOpsTarget.ValueFormat.TAG,
                GitOpsTarget.WriteMode.PUSH,
                null);
    }

    /**
     * A promotion as its events name it.
     *
     * @param id the promotion id
     * @param project the pipeline
     * @param stage the stage
     * @param freightId the Freight
     * @param alias the Freight's alias
     * @param commit the application commit the Freight follows
     */
    public record Promotion(String id, String project, String stage, String freightId, String alias, String commit) {}
}
