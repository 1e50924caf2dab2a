package io.gitopsflow.events;

import io.gitopsflow.events.AnalysisCompleted.MetricResult;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.CommitPushed.Commit;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import io.gitopsflow.events.CommitPushed.GitProvider;
import io.gitopsflow.events.CommitPushed.GitRepository;
import io.gitopsflow.events.CommitPushed.RefType;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.GitOpsTarget.WriteMode;
import io.gitopsflow.events.ManifestUpdated.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Realistic events of every type: one push to acme/books-api followed through the flow, plus minimal variants. */
public final class EventSamples {

    /** The application repository the samples follow. */
    public static final String REPOSITORY = "acme/books-api";

    public static final String CLONE_URL = "https://github.com/acme/books-api.git";
    /** The head of {@code main} before the push. */
    public static final String BEFORE_COMMIT = "d2ca4c0297ec39effa6fa69312d83b93267042b3";

    public static final String FIRST_COMMIT = "c547b3a587ff33cfcf6b8e1531b12b4dcd1d7d34";
    /** The head commit of the push: the correlation id of the whole change. */
    public static final String HEAD_COMMIT = "3f2a1b9d8078be626f85db9ef09ed1744a58cf66";

    public static final String IMAGE_REPOSITORY = "registry.example.com:5000/acme/books-api";
    /** The branch tag build-worker gives the image, {@code <branch>-<sha7>-<n>}. */
    public static final String BRANCH_TAG = "main-3f2a1b9-12";

    public static final String IMAGE_DIGEST = "sha256:01c27995059a2fd97d26322d047efcc7dbf9a83b63c5e2c824fa1d9aaa31a480";
    public static final String GITOPS_REPOSITORY = "http://git.example.com/acme/gitops.git";
    public static final String PROJECT = "books-api";
    public static final String FREIGHT_ID = "0710efd74ac39c004cb63d4de7373c51b087c9b4";
    public static final String PROMOTION_ID = "dev.01jtkq8x4v2n6r0m3c5b7d9f1h.0710efd";
    /** The GitOps commit that made the dev stage run the Freight. */
    public static final String MANIFEST_COMMIT = "b9857f9f166bcd8e12e8dc3acb496e37c85150be";

    public static final String BUILD_ID = "build-3f2a1b9-12";

    /** The chart build-worker packages from {@code helm/books-api} on a release tag; its last segment is its name. */
    public static final String CHART_REPOSITORY = "registry.example.com:5000/acme/charts/books-api";

    public static final String CHART_DIGEST = "sha256:8a3c1f0e9d7b6a5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d";
    /** A configuration repository a Warehouse follows for configuration-only changes. */
    public static final String CONFIG_REPOSITORY = "http://git.example.com/acme/books-config.git";

    public static final String CONFIG_COMMIT = "5e8d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d";

    private EventSamples() {}

    /** A GitHub push of two commits to {@code main} of acme/books-api. */
    public static CommitPushed commitPushed() {
        GitIdentity jane = new GitIdentity("Jane Doe", "jane.doe@example.com");
        return new CommitPushed(
                "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                GitProvider.GITHUB,
                new GitRepository(REPOSITORY, CLONE_URL, "https://github.com/acme/books-api", "main"),
                "refs/heads/main",
                RefType.BRANCH,
                "main",
                BEFORE_COMMIT,
                HEAD_COMMIT,
                List.of(
                        new Commit(
                                FIRST_COMMIT,
                                "Validate ISBN-13 on book creation\n\nRejects ISBN-10 input with a message that says"
                                        + " how to convert it.",
                                Instant.parse("2025-05-06T09:08:12Z"),
                                jane,
                                "https://github.com/acme/books-api/commit/" + FIRST_COMMIT,
                                List.of("src/main/java/com/acme/books/Isbn.java"),
                                List.of("src/main/java/com/acme/books/BookResource.java"),
                                List.of()),
                        new Commit(
                                HEAD_COMMIT,
                                "Bump Quarkus to 3.20.1",
                                Instant.parse("2025-05-06T09:12:47Z"),
                                jane,
                                "https://github.com/acme/books-api/commit/" + HEAD_COMMIT,
                                List.of(),
                                List.of("pom.xml"),
                                List.of("src/main/resources/legacy.properties"))),
                false,
                2,
                new GitIdentity("jdoe", "jane.doe@example.com"),
                Instant.parse("2025-05-06T09:14:03.512Z"));
    }

    /** Minimal: a Gitea tag push that created the tag, no commits listed, no pusher, no web URL or default branch. */
    public static CommitPushed tagPushedWithoutCommits() {
        return new CommitPushed(
                "8c1a9e3f-4b2d-4d0e-9f6a-2e7b5c3d1a90",
                GitProvider.GITEA,
                new GitRepository(REPOSITORY, "http://git.example.com/acme/books-api.git", null, null),
                "refs/tags/v1.4.2",
                RefType.TAG,
                "v1.4.2",
                "0000000000000000000000000000000000000000",
                HEAD_COMMIT,
                List.of(),
                false,
                0,
                null,
                Instant.parse("2025-05-07T14:30:00Z"));
    }

    /** build-worker built and pushed the head commit of {@link #commitPushed()}. */
    public static ImagePublished imagePublished() {
        return new ImagePublished(
                IMAGE_REPOSITORY,
                List.of(HEAD_COMMIT, BRANCH_TAG),
                IMAGE_DIGEST,
                sourceCommit(),
                BUILD_ID,
                ImagePublished.Origin.BUILD_WORKER,
                Instant.parse("2025-05-06T09:16:27.904Z"),
                new BuildDurations(4_210, 48_730, 6_120, 59_310));
    }

    /** Minimal: a registry's push notification, so no source commit, no build id and no durations. */
    public static ImagePublished imagePublishedFromRegistry() {
        return new ImagePublished(
                IMAGE_REPOSITORY,
                List.of("1.4.2"),
                "sha256:f90d206634c37563e037b600f99341df56b33b3dbc7467f26518cb005b255b1e",
                null,
                null,
                ImagePublished.Origin.REGISTRY,
                Instant.parse("2025-05-07T14:41:09Z"),
                null);
    }

    /** build-worker packaged the chart of the release tag v1.4.2 and pushed it beside the image. */
    public static ChartPublished chartPublished() {
        return new ChartPublished(
                CHART_REPOSITORY,
                "1.4.2",
                "1.4.2",
                CHART_DIGEST,
                new SourceCommit(REPOSITORY, CLONE_URL, HEAD_COMMIT, "refs/tags/v1.4.2"),
                "build-3f2a1b9-14",
                Instant.parse("2025-05-07T14:31:12.407Z"));
    }

    /** Minimal: a chart pushed elsewhere, with build metadata in its version, no appVersion, source or build id. */
    public static ChartPublished chartPublishedWithoutSource() {
        return new ChartPublished(
                CHART_REPOSITORY,
                "1.4.3+build.7",
                null,
                "sha256:2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c",
                null,
                null,
                Instant.parse("2025-05-09T10:02:00Z"));
    }

    /** The head commit of {@link #commitPushed()} did not compile. */
    public static BuildFailed buildFailed() {
        return new BuildFailed(
                BUILD_ID,
                sourceCommit(),
                "build",
                "Compilation failed: BookResource.java line 42 uses Isbn.parse, which does not exist",
                """
                [INFO] --- compiler:3.14.1:compile (default-compile) @ books-api ---
                [ERROR] /workspace/src/main/java/com/acme/books/BookResource.java:[42,21] cannot find symbol
                [ERROR]   symbol:   method parse(java.lang.String)
                [ERROR]   location: class com.acme.books.Isbn
                [INFO] BUILD FAILURE""",
                Instant.parse("2025-05-06T09:15:02.117Z"),
                new BuildDurations(3_980, 21_400, 0, 25_590));
    }

    /** Minimal: no build spec found, so no log, no durations, and a source without clone URL or ref. */
    public static BuildFailed buildFailedWithoutSpec() {
        return new BuildFailed(
                "build-3f2a1b9-13",
                new SourceCommit(REPOSITORY, null, HEAD_COMMIT, null),
                "spec",
                "The repository has neither a Dockerfile nor a pom.xml with the Jib plugin",
                null,
                Instant.parse("2025-05-06T09:14:05Z"),
                null);
    }

    /** Auto-promotion of the image into the dev stage: set {@code image.tag} in the dev Helm values. */
    public static PromotionRequested promotionRequested() {
        return new PromotionRequested(
                PROMOTION_ID + "/0",
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                "brave-otter",
                new ImageRef(IMAGE_REPOSITORY, BRANCH_TAG, IMAGE_DIGEST),
                HEAD_COMMIT,
                devValuesTarget(),
                "promotion-service",
                Instant.parse("2025-05-06T09:16:28.310Z"));
    }

    /** Minimal: a digest-only image written into a plain manifest by pull request, without alias or source commit. */
    public static PromotionRequested promotionRequestedByDigest() {
        return new PromotionRequested(
                "prod.01jtm2c7z9p4s6v8x0a2b4c6e8.0710efd/0",
                "prod.01jtm2c7z9p4s6v8x0a2b4c6e8.0710efd",
                PROJECT,
                "prod",
                FREIGHT_ID,
                null,
                new ImageRef(IMAGE_REPOSITORY, null, IMAGE_DIGEST),
                null,
                new GitOpsTarget(
                        GITOPS_REPOSITORY,
                        "main",
                        "clusters/prod/books-api/deployment.yaml",
                        EditKind.MANIFEST_IMAGE,
                        null,
                        ValueFormat.REFERENCE_DIGEST,
                        WriteMode.PULL_REQUEST,
                        null),
                "jane.doe",
                Instant.parse("2025-05-08T07:45:00Z"));
    }

    /** A chart version into the prod Argo CD Application's {@code spec.source.targetRevision}. */
    public static PromotionRequested promotionRequestedOfAChart() {
        return new PromotionRequested(
                PROMOTION_ID + "/1",
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                "brave-otter",
                null,
                HEAD_COMMIT,
                argoCdTarget(null),
                "promotion-service",
                Instant.parse("2025-05-06T09:16:28.310Z"),
                chart(),
                null);
    }

    /** A chart version into the {@code dependencies:} entry {@code books-api} of an umbrella chart's Chart.yaml. */
    public static PromotionRequested promotionRequestedOfAChartDependency() {
        return new PromotionRequested(
                PROMOTION_ID + "/2",
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                null,
                null,
                null,
                new GitOpsTarget(
                        GITOPS_REPOSITORY,
                        "main",
                        "umbrella/dev/Chart.yaml",
                        EditKind.HELM_CHART_DEPENDENCY,
                        "books-api",
                        ValueFormat.TAG,
                        WriteMode.PUSH,
                        null),
                "jane.doe",
                Instant.parse("2025-05-06T09:16:28.310Z"),
                chart(),
                null);
    }

    /** A configuration commit into the second source of the dev Application, by pull request. */
    public static PromotionRequested promotionRequestedOfACommit() {
        return new PromotionRequested(
                PROMOTION_ID + "/3",
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                "brave-otter",
                null,
                null,
                argoCdTarget("sources[1]"),
                "promotion-service",
                Instant.parse("2025-05-06T09:16:28.310Z"),
                null,
                configCommit());
    }

    /** gitops-writer committed {@link #promotionRequested()}. */
    public static ManifestUpdated manifestUpdated() {
        return new ManifestUpdated(
                PROMOTION_ID + "/0",
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                devValuesTarget(),
                Status.COMMITTED,
                MANIFEST_COMMIT,
                "main-9c41e07-11",
                BRANCH_TAG,
                null,
                null,
                1,
                Instant.parse("2025-05-06T09:16:29.884Z"));
    }

    /** gitops-writer opened a pull request for {@link #promotionRequestedByDigest()}. */
    public static ManifestUpdated manifestUpdatedPullRequestOpened() {
        PromotionRequested request = promotionRequestedByDigest();
        return new ManifestUpdated(
                request.requestId(),
                request.promotionId(),
                request.project(),
                request.stage(),
                request.freightId(),
                request.target(),
                Status.PR_OPENED,
                "7ce483e2d1618a89f3a895fcb8c0ef61e359206f",
                IMAGE_REPOSITORY + "@sha256:f90d206634c37563e037b600f99341df56b33b3dbc7467f26518cb005b255b1e",
                request.image().pinned(),
                "http://git.example.com/acme/gitops/pulls/87",
                null,
                1,
                Instant.parse("2025-05-08T07:45:03Z"));
    }

    /** gitops-writer wrote the chart version of {@link #promotionRequestedOfAChart()} into the Application. */
    public static ManifestUpdated manifestUpdatedOfAChart() {
        PromotionRequested request = promotionRequestedOfAChart();
        return new ManifestUpdated(
                request.requestId(),
                request.promotionId(),
                request.project(),
                request.stage(),
                request.freightId(),
                request.target(),
                Status.COMMITTED,
                MANIFEST_COMMIT,
                "1.4.1",
                "1.4.2",
                null,
                null,
                2,
                Instant.parse("2025-05-06T09:16:29.884Z"));
    }

    /** Minimal: the write failed, so no commit, no values and no pull request. */
    public static ManifestUpdated manifestUpdatedFailed() {
        return new ManifestUpdated(
                PROMOTION_ID + "/0",
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                devValuesTarget(),
                Status.FAILED,
                null,
                null,
                null,
                null,
                "apps/books-api/values-dev.yaml: image.tag is an alias of another key; refusing to edit it",
                0,
                Instant.parse("2025-05-06T09:16:29.120Z"));
    }

    /** The dev stage runs the Freight and is verified by the success-rate-check template. */
    public static StagePromoted stagePromoted() {
        return new StagePromoted(
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                "brave-otter",
                List.of(new ImageRef(IMAGE_REPOSITORY, BRANCH_TAG, IMAGE_DIGEST)),
                HEAD_COMMIT,
                List.of(MANIFEST_COMMIT),
                List.of(new AnalysisTemplateRef("success-rate-check", false, Map.of("service-name", "books-api"))),
                Instant.parse("2025-05-06T09:17:41.032Z"),
                List.of(chart()),
                List.of(configCommit()));
    }

    /** Minimal: no alias, no source commit, a digest-only image and no verification. */
    public static StagePromoted stagePromotedWithoutVerification() {
        return new StagePromoted(
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                null,
                List.of(new ImageRef(IMAGE_REPOSITORY, null, IMAGE_DIGEST)),
                null,
                List.of(MANIFEST_COMMIT),
                List.of(),
                Instant.parse("2025-05-06T09:17:41Z"));
    }

    /** The analysis of {@link #stagePromoted()} succeeded on both metrics. */
    public static AnalysisCompleted analysisCompleted() {
        return new AnalysisCompleted(
                "books-api-dev-3f2a1b9-1",
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                Phase.SUCCESSFUL,
                "all metrics assessed Successful",
                List.of(
                        new MetricResult("success-rate", Phase.SUCCESSFUL, 5, 5, 0, 0, 0, "0.998", null, false),
                        new MetricResult(
                                "p95-latency-ms",
                                Phase.SUCCESSFUL,
                                5,
                                4,
                                1,
                                0,
                                0,
                                "182.4",
                                "1 of 5 measurements failed, within failureLimit 1",
                                false)),
                Instant.parse("2025-05-06T09:17:42Z"),
                Instant.parse("2025-05-06T09:22:43.650Z"));
    }

    /** Minimal: the run errored without a message; its one metric has no value and no message. */
    public static AnalysisCompleted analysisCompletedWithError() {
        return new AnalysisCompleted(
                "books-api-dev-3f2a1b9-2",
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                Phase.ERROR,
                null,
                List.of(new MetricResult("success-rate", Phase.ERROR, 3, 0, 0, 0, 3, null, null, false)),
                Instant.parse("2025-05-06T09:17:42Z"),
                Instant.parse("2025-05-06T09:20:12Z"));
    }

    /**
     * The Warehouse of books-api made a Freight of the image of {@link #imagePublished()}, the chart of
     * {@link #chartPublished()} and a commit of the configuration repository.
     */
    public static FreightCreated freightCreated() {
        return new FreightCreated(
                FREIGHT_ID,
                "brave-otter",
                PROJECT,
                "books-api",
                List.of(new ImageRef(IMAGE_REPOSITORY, BRANCH_TAG, IMAGE_DIGEST)),
                HEAD_COMMIT,
                List.of(sourceCommit()),
                Instant.parse("2025-05-06T09:16:28.120Z"),
                List.of(chart()),
                List.of(configCommit()));
    }

    /** A Warehouse that follows only the configuration repository made a Freight of one commit, no image. */
    public static FreightCreated freightCreatedOfACommit() {
        return new FreightCreated(
                "4c2e8a6f0b1d3e5a7c9f2b4d6e8a0c1e3f5b7d9a",
                "tidy-wren",
                PROJECT,
                "books-config",
                List.of(),
                null,
                List.of(),
                Instant.parse("2025-05-07T11:20:00Z"),
                List.of(),
                List.of(configCommit()));
    }

    /** Minimal: a Freight of a registry-announced image, so no source commit and no sources. */
    public static FreightCreated freightCreatedFromRegistry() {
        return new FreightCreated(
                "9d0f3c2b1a0e4f5d6c7b8a9e0f1d2c3b4a5e6f70",
                "quiet-heron",
                PROJECT,
                "books-api",
                List.of(new ImageRef(
                        IMAGE_REPOSITORY,
                        "1.4.2",
                        "sha256:f90d206634c37563e037b600f99341df56b33b3dbc7467f26518cb005b255b1e")),
                null,
                List.of(),
                Instant.parse("2025-05-07T14:41:10Z"));
    }

    /** The prod promotion failed its verification: Verifying → Failed, with the analysis's message. */
    public static PromotionUpdated promotionUpdated() {
        return new PromotionUpdated(
                PROMOTION_ID,
                PROJECT,
                "prod",
                FREIGHT_ID,
                "brave-otter",
                HEAD_COMMIT,
                false,
                PromotionUpdated.Change.PHASE_CHANGED,
                PromotionUpdated.Phase.FAILED,
                PromotionUpdated.Phase.VERIFYING,
                "promotion-service",
                "analysis books-api-prod-3f2a1b9-1 Failed: success-rate 0.91 < 0.95",
                Instant.parse("2025-05-08T08:02:11.406Z"));
    }

    /** Minimal: auto-promotion created a promotion of a Freight without alias or source commit, and gave no reason. */
    public static PromotionUpdated promotionUpdatedCreated() {
        return new PromotionUpdated(
                PROMOTION_ID,
                PROJECT,
                "dev",
                FREIGHT_ID,
                null,
                null,
                false,
                PromotionUpdated.Change.CREATED,
                PromotionUpdated.Phase.PENDING,
                null,
                "promotion-service",
                null,
                Instant.parse("2025-05-06T09:16:28.200Z"));
    }

    /** A reviewer with the prod role approved; the promotion stays Pending until the second approval. */
    public static PromotionUpdated promotionUpdatedApproved() {
        return new PromotionUpdated(
                PROMOTION_ID,
                PROJECT,
                "prod",
                FREIGHT_ID,
                "brave-otter",
                HEAD_COMMIT,
                false,
                PromotionUpdated.Change.APPROVED,
                PromotionUpdated.Phase.PENDING,
                null,
                "carol",
                "release notes checked",
                Instant.parse("2025-05-08T07:44:02Z"));
    }

    /** A person rolled prod back to an older Freight: the rollback's promotion moved on to Writing. */
    public static PromotionUpdated promotionUpdatedRollback() {
        return new PromotionUpdated(
                "prod.01jtm2b6q0c8h4z7w9y3x5v1k2.9c41d2e",
                PROJECT,
                "prod",
                "9c41d2e0b7a35f1c68e0d4b2a9f7c3e1d5b8a6f0",
                "calm-lynx",
                FIRST_COMMIT,
                true,
                PromotionUpdated.Change.PHASE_CHANGED,
                PromotionUpdated.Phase.WRITING,
                PromotionUpdated.Phase.PENDING,
                "dave",
                "roll back: 5xx after the release",
                Instant.parse("2025-05-08T08:10:40Z"));
    }

    /** build-worker took the build of the head commit of {@link #commitPushed()} from its queue. */
    public static BuildStarted buildStarted() {
        return new BuildStarted(
                BUILD_ID,
                sourceCommit(),
                "jib",
                Instant.parse("2025-05-06T09:14:03.611Z"),
                Instant.parse("2025-05-06T09:15:28.050Z"),
                84_439,
                1);
    }

    /** Minimal: another instance took the build over after a lease ran out; the builder is not known yet. */
    public static BuildStarted buildStartedTakenOver() {
        return new BuildStarted(
                "build-3f2a1b9-13",
                new SourceCommit(REPOSITORY, null, HEAD_COMMIT, null),
                null,
                Instant.parse("2025-05-06T09:14:03.611Z"),
                Instant.parse("2025-05-06T09:15:45Z"),
                101_389,
                2);
    }

    /** The books-api pipeline: dev from the Warehouse, staging with 1 approver, prod with 2, a window and a gate. */
    public static PipelineConfigured pipelineConfigured() {
        PipelineConfigured.Warehouse warehouse = new PipelineConfigured.Warehouse(
                "books-api",
                List.of(new PipelineConfigured.Subscription(
                        IMAGE_REPOSITORY,
                        PipelineConfigured.TagStrategy.NEWEST,
                        null,
                        null,
                        List.of("^main-"),
                        List.of("*-debug"),
                        List.of())));
        AnalysisTemplateRef successRate = new AnalysisTemplateRef("success-rate", false, Map.of("service", "books"));
        return new PipelineConfigured(
                PROJECT,
                "books-api.yaml",
                false,
                warehouse,
                List.of(
                        new PipelineConfigured.Stage(
                                "dev", List.of(), true, true, 0, null, 0, List.of(successRate), null, List.of()),
                        new PipelineConfigured.Stage(
                                "staging",
                                List.of("dev"),
                                false,
                                true,
                                1,
                                "release-manager",
                                600,
                                List.of(successRate),
                                new PipelineConfigured.HealthGate("argocd", "books-api-staging", 300),
                                List.of()),
                        new PipelineConfigured.Stage(
                                "prod",
                                List.of("staging"),
                                false,
                                false,
                                2,
                                "release-manager",
                                3_600,
                                List.of(successRate),
                                new PipelineConfigured.HealthGate("argocd", "books-api-prod", 600),
                                List.of(new PipelineConfigured.PromotionWindow(
                                        PipelineConfigured.PromotionWindow.Kind.DENY,
                                        "0 18 * * 5",
                                        230_400,
                                        "Europe/Berlin")),
                                PipelineConfigured.OnVerificationFailure.ROLLBACK,
                                true)),
                "5d41402abc4b2a76b9719d911017c592ae0d5b3a0c8e1f7a9c2d4b6e8f0a1c3e",
                Instant.parse("2025-05-05T08:00:00.250Z"));
    }

    /**
     * A pipeline whose Warehouse follows a chart and the configuration repository but no image, with Kargo's
     * criterion on the pair.
     */
    public static PipelineConfigured pipelineConfiguredOfChartsAndGit() {
        PipelineConfigured.Warehouse warehouse = new PipelineConfigured.Warehouse(
                "books-release",
                List.of(),
                List.of(new PipelineConfigured.ChartSubscription(CHART_REPOSITORY, "^1.4")),
                List.of(new PipelineConfigured.GitSubscription(
                        CONFIG_REPOSITORY, "main", List.of("config/**"), List.of("**/*.md"))),
                "chartFrom('" + CHART_REPOSITORY + "').Version != ''");
        return new PipelineConfigured(
                "books-release",
                "books-release.yaml",
                false,
                warehouse,
                List.of(new PipelineConfigured.Stage(
                        "dev", List.of(), true, true, 0, null, 0, List.of(), null, List.of())),
                "0c1e3f5a7b9d2c4e6f8a0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f",
                Instant.parse("2025-05-05T08:00:00Z"));
    }

    /** The file of the books-api pipeline was deleted: removed, so no warehouse and no stages. */
    public static PipelineConfigured pipelineConfiguredRemoved() {
        return new PipelineConfigured(
                PROJECT,
                "books-api.yaml",
                true,
                null,
                List.of(),
                "a3f5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5",
                Instant.parse("2025-06-01T10:00:00Z"));
    }

    /** The full sample of every event, in the order of {@link EventType#all()}. */
    public static List<GitopsFlowEvent> full() {
        return List.of(
                commitPushed(),
                buildStarted(),
                imagePublished(),
                chartPublished(),
                buildFailed(),
                promotionRequested(),
                manifestUpdated(),
                stagePromoted(),
                analysisCompleted(),
                freightCreated(),
                promotionUpdated(),
                pipelineConfigured());
    }

    /** The variants that leave optional fields null, at least one of every event. */
    public static List<GitopsFlowEvent> minimal() {
        return List.of(
                tagPushedWithoutCommits(),
                buildStartedTakenOver(),
                imagePublishedFromRegistry(),
                chartPublishedWithoutSource(),
                buildFailedWithoutSpec(),
                promotionRequestedByDigest(),
                manifestUpdatedPullRequestOpened(),
                manifestUpdatedFailed(),
                stagePromotedWithoutVerification(),
                analysisCompletedWithError(),
                freightCreatedFromRegistry(),
                promotionUpdatedCreated(),
                promotionUpdatedApproved(),
                promotionUpdatedRollback(),
                pipelineConfiguredRemoved());
    }

    /** The variants of the other artifact kinds: Freight, requests and Warehouses of charts and Git commits. */
    public static List<GitopsFlowEvent> otherArtifacts() {
        return List.of(
                freightCreatedOfACommit(),
                promotionRequestedOfAChart(),
                promotionRequestedOfAChartDependency(),
                promotionRequestedOfACommit(),
                manifestUpdatedOfAChart(),
                pipelineConfiguredOfChartsAndGit());
    }

    /** Every sample: the full ones, the minimal ones, then those of other artifact kinds. */
    public static List<GitopsFlowEvent> all() {
        return Stream.of(full(), minimal(), otherArtifacts())
                .flatMap(List::stream)
                .toList();
    }

    /** The contract entry of a sample. */
    public static EventType<?> typeOf(GitopsFlowEvent event) {
        return EventType.all().stream()
                .filter(type -> type.dataClass().isInstance(event))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event of the contract: " + event));
    }

    private static SourceCommit sourceCommit() {
        return new SourceCommit(REPOSITORY, CLONE_URL, HEAD_COMMIT, "refs/heads/main");
    }

    private static ChartRef chart() {
        return new ChartRef(CHART_REPOSITORY, "1.4.2", CHART_DIGEST);
    }

    private static GitCommitRef configCommit() {
        return new GitCommitRef(CONFIG_REPOSITORY, "main", CONFIG_COMMIT, "Raise the books-api replicas to 3");
    }

    private static GitOpsTarget argoCdTarget(String field) {
        return new GitOpsTarget(
                GITOPS_REPOSITORY,
                "main",
                "argocd/books-api-dev.yaml",
                EditKind.ARGOCD_TARGET_REVISION,
                field,
                ValueFormat.TAG,
                WriteMode.PUSH,
                "argocd/books-api-dev",
                new GitOpsTarget.ArgoCd(true, true, 30));
    }

    private static GitOpsTarget devValuesTarget() {
        return new GitOpsTarget(
                GITOPS_REPOSITORY,
                "main",
                "apps/books-api/values-dev.yaml",
                EditKind.HELM_VALUES,
                "image.tag",
                ValueFormat.TAG,
                WriteMode.PUSH,
                "argocd/books-api-dev");
    }
}
