package io.gitopsflow.console.bench;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitopsFlowEvent;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * A realistic history for the console benchmark: {@code pipelines} pipelines of ten stages each, {@code commits}
 * commits per pipeline spread over the last 90 days, every commit built, made Freight and promoted through every stage
 * (written, promoted, verified, approved where the stage asks for it), one promotion in twenty failing its
 * verification. 10 pipelines × 100 commits give 1,000 Freight, 10,000 promotions and about 100,000 events.
 */
final class BenchmarkHistory {

    static final List<String> STAGES =
            List.of("dev", "qa", "integration", "uat", "staging", "perf", "canary", "eu", "us", "prod");

    private final int pipelines;
    private final int commits;
    private final Instant end;

    BenchmarkHistory(int pipelines, int commits, Instant end) {
        this.pipelines = pipelines;
        this.commits = commits;
        this.end = end;
    }

    static String pipeline(int index) {
        return "bench-" + index;
    }

    /** Every event of the history, in the order the services would publish them, to {@code sink}. */
    void publish(BiConsumer<EventType<?>, GitopsFlowEvent> sink, List<String> commitShas) {
        Duration spacing = Duration.ofDays(90).dividedBy(commits);
        for (int p = 0; p < pipelines; p++) {
            sink.accept(EventType.PIPELINE_CONFIGURED, configured(pipeline(p)));
        }
        for (int c = 0; c < commits; c++) {
            for (int p = 0; p < pipelines; p++) {
                Instant at = end.minus(Duration.ofDays(90))
                        .plus(spacing.multipliedBy(c))
                        .plusSeconds(p * 7L);
                String sha = sha(p, c);
                commitShas.add(sha);
                commit(sink, pipeline(p), sha, c, at);
            }
        }
    }

    private void commit(BiConsumer<EventType<?>, GitopsFlowEvent> sink, String project, String sha, int n, Instant at) {
        String repository = "acme/" + project;
        String image = "registry.bench/acme/" + project;
        String digest = "sha256:" + sha + sha.substring(0, 24);
        String tag = "main-" + sha.substring(0, 7) + "-" + (n + 1);
        SourceCommit source =
                new SourceCommit(repository, "http://git.bench/" + repository + ".git", sha, "refs/heads/main");
        CommitPushed.GitIdentity author = new CommitPushed.GitIdentity("Ada", "ada@example.com");
        sink.accept(
                EventType.COMMIT_PUSHED,
                new CommitPushed(
                        "delivery-" + sha.substring(0, 16),
                        CommitPushed.GitProvider.GITEA,
                        new CommitPushed.GitRepository(repository, source.cloneUrl(), null, "main"),
                        "refs/heads/main",
                        CommitPushed.RefType.BRANCH,
                        "main",
                        "0".repeat(40),
                        sha,
                        List.of(new CommitPushed.Commit(
                                sha,
                                "feat: change " + n,
                                at.minusSeconds(600),
                                author,
                                null,
                                List.of(),
                                List.of(),
                                List.of())),
                        false,
                        1,
                        author,
                        at));
        String buildId = "build-" + sha.substring(0, 12);
        sink.accept(EventType.BUILD_STARTED, new BuildStarted(buildId, source, "jib", at, at.plusSeconds(2), 2000, 1));
        Instant built = at.plusSeconds(60);
        sink.accept(
                EventType.IMAGE_PUBLISHED,
                new ImagePublished(
                        image,
                        List.of(tag, sha),
                        digest,
                        source,
                        buildId,
                        ImagePublished.Origin.BUILD_WORKER,
                        built,
                        new BuildDurations(3000, 50000, 5000, 58000)));
        String freightId = sha.substring(0, 39) + "f";
        String alias = "brave-" + (char) ('a' + n % 26) + "otter".substring(0, 4);
        ImageRef ref = new ImageRef(image, tag, digest);
        sink.accept(
                EventType.FREIGHT_CREATED,
                new FreightCreated(
                        freightId,
                        alias,
                        project,
                        "warehouse",
                        List.of(ref),
                        sha,
                        List.of(source),
                        built.plusSeconds(1)));
        Instant stageAt = built.plusSeconds(5);
        for (int s = 0; s < STAGES.size(); s++) {
            boolean fails = (n + s) % 20 == 7;
            promote(sink, project, STAGES.get(s), freightId, alias, ref, sha, stageAt, fails);
            stageAt = stageAt.plusSeconds(600);
        }
    }

    private static void promote(
            BiConsumer<EventType<?>, GitopsFlowEvent> sink,
            String project,
            String stage,
            String freightId,
            String alias,
            ImageRef image,
            String sha,
            Instant at,
            boolean fails) {
        String id =
                UUID.nameUUIDFromBytes((project + stage + freightId).getBytes()).toString();
        boolean approved = stage.equals("staging") || stage.equals("prod");
        List<PromotionUpdated> updates = new ArrayList<>();
        updates.add(update(id, project, stage, freightId, alias, sha, Change.CREATED, Phase.PENDING, null, at));
        if (approved) {
            updates.add(update(
                    id,
                    project,
                    stage,
                    freightId,
                    alias,
                    sha,
                    Change.APPROVED,
                    Phase.PENDING,
                    null,
                    at.plusSeconds(30)));
        }
        Instant writing = at.plusSeconds(60);
        updates.add(update(
                id,
                project,
                stage,
                freightId,
                alias,
                sha,
                Change.PHASE_CHANGED,
                Phase.WRITING,
                Phase.PENDING,
                writing));
        updates.forEach(update -> sink.accept(EventType.PROMOTION_UPDATED, update));
        GitOpsTarget target = new GitOpsTarget(
                "http://git.bench/acme/gitops.git",
                "main",
                "apps/" + project + "/" + stage + "/values.yaml",
                GitOpsTarget.EditKind.HELM_VALUES,
                "image.tag",
                GitOpsTarget.ValueFormat.TAG,
                GitOpsTarget.WriteMode.PUSH,
                null);
        sink.accept(
                EventType.PROMOTION_REQUESTED,
                new PromotionRequested(
                        "request-" + id,
                        id,
                        project,
                        stage,
                        freightId,
                        alias,
                        image,
                        sha,
                        target,
                        "promotion-service",
                        writing));
        Instant written = writing.plusSeconds(3);
        String manifestCommit = sha.substring(20) + sha.substring(0, 20);
        sink.accept(
                EventType.MANIFEST_UPDATED,
                new ManifestUpdated(
                        "request-" + id,
                        id,
                        project,
                        stage,
                        freightId,
                        target,
                        ManifestUpdated.Status.COMMITTED,
                        manifestCommit,
                        "old",
                        image.tag(),
                        null,
                        null,
                        1,
                        written));
        sink.accept(
                EventType.PROMOTION_UPDATED,
                update(
                        id,
                        project,
                        stage,
                        freightId,
                        alias,
                        sha,
                        Change.PHASE_CHANGED,
                        Phase.WRITTEN,
                        Phase.WRITING,
                        written));
        Instant promoted = written.plusSeconds(30);
        sink.accept(
                EventType.STAGE_PROMOTED,
                new StagePromoted(
                        id,
                        project,
                        stage,
                        freightId,
                        alias,
                        List.of(image),
                        sha,
                        List.of(manifestCommit),
                        List.of(),
                        promoted));
        sink.accept(
                EventType.PROMOTION_UPDATED,
                update(
                        id,
                        project,
                        stage,
                        freightId,
                        alias,
                        sha,
                        Change.PHASE_CHANGED,
                        Phase.VERIFYING,
                        Phase.WRITTEN,
                        promoted));
        Instant verified = promoted.plusSeconds(300);
        AnalysisCompleted.Phase verdict = fails ? AnalysisCompleted.Phase.FAILED : AnalysisCompleted.Phase.SUCCESSFUL;
        sink.accept(
                EventType.ANALYSIS_COMPLETED,
                new AnalysisCompleted(
                        "run-" + id,
                        id,
                        project,
                        stage,
                        freightId,
                        verdict,
                        fails ? "error-rate above 1%" : "",
                        List.of(new AnalysisCompleted.MetricResult(
                                "error-rate",
                                verdict,
                                5,
                                fails ? 2 : 5,
                                fails ? 3 : 0,
                                0,
                                0,
                                fails ? "0.04" : "0.001",
                                null,
                                false)),
                        promoted,
                        verified));
        sink.accept(
                EventType.PROMOTION_UPDATED,
                update(
                        id,
                        project,
                        stage,
                        freightId,
                        alias,
                        sha,
                        Change.PHASE_CHANGED,
                        fails ? Phase.FAILED : Phase.SUCCEEDED,
                        Phase.VERIFYING,
                        verified));
    }

    private static PromotionUpdated update(
            String id,
            String project,
            String stage,
            String freightId,
            String alias,
            String sha,
            Change change,
            Phase phase,
            Phase previous,
            Instant at) {
        String actor = change == Change.APPROVED ? "carol" : "promotion-service";
        return new PromotionUpdated(
                id, project, stage, freightId, alias, sha, null, change, phase, previous, actor, null, at);
    }

    private static PipelineConfigured configured(String project) {
        List<PipelineConfigured.Stage> stages = new ArrayList<>();
        for (int s = 0; s < STAGES.size(); s++) {
            String name = STAGES.get(s);
            int approvals = name.equals("staging") || name.equals("prod") ? 1 : 0;
            stages.add(new PipelineConfigured.Stage(
                    name,
                    s == 0 ? List.of() : List.of(STAGES.get(s - 1)),
                    s == 0,
                    approvals == 0,
                    approvals,
                    approvals == 0 ? null : name + "-approver",
                    0,
                    List.of(),
                    null,
                    List.of()));
        }
        return new PipelineConfigured(
                project,
                project + ".yaml",
                false,
                new PipelineConfigured.Warehouse(
                        "warehouse",
                        List.of(new PipelineConfigured.Subscription(
                                "registry.bench/acme/" + project,
                                PipelineConfigured.TagStrategy.NEWEST,
                                null,
                                null,
                                List.of(),
                                List.of(),
                                List.of()))),
                stages,
                fingerprint(project),
                Instant.now());
    }

    private static String fingerprint(String project) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(project.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha(int pipeline, int commit) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-1")
                            .digest((pipeline + "/" + commit).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
