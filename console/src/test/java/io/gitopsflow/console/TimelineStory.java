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
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.StagePromoted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The events of one commit's way through one pipeline, with fresh names, as the services publish them. */
public final class TimelineStory {

    public final String commit = FlowEvents.sha();
    public final String repository = FlowEvents.name("acme/books");
    final String project = FlowEvents.name("books");
    final String imageRepository = "registry.test/acme/" + project;
    final String digest = "sha256:" + FlowEvents.sha() + FlowEvents.sha().substring(0, 24);
    final String tag = "main-" + commit.substring(0, 7) + "-1";
    final String buildId = "build-" + commit.substring(0, 12);
    final String freightId = FlowEvents.sha();
    final String alias = "brave-otter";

    SourceCommit source() {
        return new SourceCommit(repository, "http://git.test/" + repository + ".git", commit, "refs/heads/main");
    }

    ImagePublished imagePublished(Instant at, BuildDurations durations) {
        return new ImagePublished(
                imageRepository,
                List.of(tag),
                digest,
                source(),
                buildId,
                ImagePublished.Origin.BUILD_WORKER,
                at,
                durations);
    }

    public BuildStarted buildStarted(Instant queued, Instant started, int attempt) {
        return new BuildStarted(
                buildId, source(), "jib", queued, started, started.toEpochMilli() - queued.toEpochMilli(), attempt);
    }

    public BuildFailed buildFailed(Instant at, String step, String reason) {
        return new BuildFailed(
                buildId,
                source(),
                step,
                reason,
                "error: cannot find symbol",
                at,
                new BuildDurations(4_000, 0, 0, 4_000));
    }

    FreightCreated freightCreated(Instant at) {
        return new FreightCreated(freightId, alias, project, "books", List.of(image()), commit, List.of(source()), at);
    }

    ImageRef image() {
        return new ImageRef(imageRepository, tag, digest);
    }

    static String promotionId() {
        return UUID.randomUUID().toString();
    }

    /** An update of {@code promotionId} in {@code stage}; {@code previous} only for changes that move the phase. */
    PromotionUpdated update(
            String promotionId,
            String stage,
            Change change,
            Phase previous,
            Phase phase,
            String actor,
            String reason,
            Instant at) {
        return new PromotionUpdated(
                promotionId,
                project,
                stage,
                freightId,
                alias,
                commit,
                false,
                change,
                phase,
                previous,
                actor,
                reason,
                at);
    }

    GitOpsTarget target(String stage, GitOpsTarget.WriteMode mode) {
        return new GitOpsTarget(
                "http://git.test/acme/gitops.git",
                "main",
                "apps/" + project + "/" + stage + "/values.yaml",
                GitOpsTarget.EditKind.HELM_VALUES,
                "image.tag",
                GitOpsTarget.ValueFormat.TAG,
                mode,
                null);
    }

    PromotionRequested requested(String requestId, String promotionId, String stage, String by, Instant at) {
        return new PromotionRequested(
                requestId,
                promotionId,
                project,
                stage,
                freightId,
                alias,
                image(),
                commit,
                target(stage, GitOpsTarget.WriteMode.PUSH),
                by,
                at);
    }

    ManifestUpdated written(String requestId, String promotionId, String stage, String gitopsCommit, Instant at) {
        return manifest(requestId, promotionId, stage, ManifestUpdated.Status.COMMITTED, gitopsCommit, null, null, at);
    }

    ManifestUpdated manifest(
            String requestId,
            String promotionId,
            String stage,
            ManifestUpdated.Status status,
            String gitopsCommit,
            String pullRequestUrl,
            String reason,
            Instant at) {
        boolean failed = status == ManifestUpdated.Status.FAILED;
        return new ManifestUpdated(
                requestId,
                promotionId,
                project,
                stage,
                freightId,
                target(stage, GitOpsTarget.WriteMode.PUSH),
                status,
                gitopsCommit,
                "main-0000000-0",
                failed ? null : tag,
                pullRequestUrl,
                reason,
                1,
                at);
    }

    StagePromoted promoted(String promotionId, String stage, String gitopsCommit, Instant at) {
        return new StagePromoted(
                promotionId,
                project,
                stage,
                freightId,
                alias,
                List.of(image()),
                commit,
                List.of(gitopsCommit),
                List.of(new AnalysisTemplateRef("error-rate", false, Map.of())),
                at);
    }

    AnalysisCompleted verified(String promotionId, String stage, Instant started, Instant completed) {
        return new AnalysisCompleted(
                "run-" + promotionId.substring(0, 8),
                promotionId,
                project,
                stage,
                freightId,
                AnalysisCompleted.Phase.SUCCESSFUL,
                "",
                List.of(new MetricResult(
                        "error-rate", AnalysisCompleted.Phase.SUCCESSFUL, 3, 3, 0, 0, 0, "0.002", null, false)),
                started,
                completed);
    }
}
