package io.gitopsflow.console.service.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.describers.BuildClock;
import io.gitopsflow.console.service.timeline.describers.BuildStartedDescriber;
import io.gitopsflow.console.service.timeline.describers.ChartPublishedDescriber;
import io.gitopsflow.console.service.timeline.describers.FreightCreatedDescriber;
import io.gitopsflow.console.service.timeline.describers.ImagePublishedDescriber;
import io.gitopsflow.console.service.timeline.describers.PromotionRequestedDescriber;
import io.gitopsflow.console.service.timeline.describers.PromotionUpdatedDescriber;
import io.gitopsflow.console.service.timeline.describers.StagePromotedDescriber;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.StagePromoted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The describers on plain events, without a database: outcomes and durations that depend on the rest of the way. */
class TimelineDescribersTest {

    private static final String COMMIT = "3f2a1b9d8078be626f85db9ef09ed1744a58cf66";
    private static final String FREIGHT = "0710efd74ac39c004cb63d4de7373c51b087c9b4";
    private static final String PROMOTION = "5b0c2f6e-3d4a-4b8e-9f1a-2c3d4e5f6a7b";
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final List<TimelineEntry<?>> entries = new ArrayList<>();

    @Test
    void aPromotionWhoseLastPhaseIsNotAnEndIsRunningAndItsEarlierPhasesAreInfo() {
        TimelineEntry<PromotionUpdated> created = add(update(Change.CREATED, null, Phase.PENDING, T0));
        TimelineEntry<PromotionUpdated> writing =
                add(update(Change.PHASE_CHANGED, Phase.PENDING, Phase.WRITING, T0.plusSeconds(3)));
        TimelineEntry<PromotionUpdated> written =
                add(update(Change.PHASE_CHANGED, Phase.WRITING, Phase.WRITTEN, T0.plusSeconds(10)));
        TimelineContext timeline = new TimelineContext(entries);
        PromotionUpdatedDescriber describer = new PromotionUpdatedDescriber();

        TimelineStep first = describer.describe(writing, timeline).get(0);
        TimelineStep last = describer.describe(written, timeline).get(0);

        assertThat(describer.describe(created, timeline).get(0).kind()).isEqualTo(StepKind.PROMOTION_CREATED);
        assertThat(first.outcome()).isEqualTo(StepOutcome.INFO);
        assertThat(first.durationMillis()).isEqualTo(3_000L);
        assertThat(last.outcome()).isEqualTo(StepOutcome.RUNNING);
        assertThat(last.durationMillis()).isEqualTo(7_000L);
        assertThat(last.summary()).contains("Writing → Written");
    }

    @Test
    void anAbortedPromotionFailedAndIsMeasuredFromItsCreationEvenWhenOnlyTheTableKnowsIt() {
        TimelineEntry<PromotionUpdated> aborted =
                add(update(Change.PHASE_CHANGED, Phase.WRITING, Phase.ABORTED, T0.plusSeconds(90)), T0.plusSeconds(5));

        TimelineStep step = new PromotionUpdatedDescriber()
                .describe(aborted, new TimelineContext(entries))
                .get(0);

        assertThat(step.outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(step.durationMillis()).isEqualTo(85_000L);
    }

    @Test
    void anImageBuiltElsewhereIsOnlyAnImageAndABuildWorkerImageAlsoEndsItsBuild() {
        SourceCommit source = new SourceCommit("acme/books", null, COMMIT, "refs/heads/main");
        ImagePublished external = new ImagePublished(
                "registry.test/acme/books",
                List.of("1.0.0"),
                "sha256:" + "a".repeat(64),
                source,
                null,
                ImagePublished.Origin.EXTERNAL,
                T0,
                null);
        ImagePublished built = new ImagePublished(
                "registry.test/acme/books",
                List.of("main-3f2a1b9-1"),
                "sha256:" + "b".repeat(64),
                source,
                "b-1",
                ImagePublished.Origin.BUILD_WORKER,
                T0,
                new BuildDurations(1_000, 2_000, 3_000, 6_500));
        ImagePublishedDescriber describer = new ImagePublishedDescriber(new BuildClock());
        TimelineContext timeline = new TimelineContext(entries);

        assertThat(describer.describe(add(external), timeline))
                .extracting(TimelineStep::kind)
                .containsExactly(StepKind.IMAGE_PUBLISHED);
        List<TimelineStep> steps = describer.describe(add(built), timeline);
        assertThat(steps)
                .extracting(TimelineStep::kind)
                .containsExactly(StepKind.BUILD_FINISHED, StepKind.IMAGE_PUBLISHED);
        assertThat(steps.get(0).durationMillis()).isEqualTo(6_500L);
        assertThat(steps.get(0).details()).containsEntry("pushMillis", 3_000L);
    }

    @Test
    void aBuildIsRunningUntilItsEndOrItsNextAttemptIsOnTheTimeline() {
        SourceCommit source = new SourceCommit("acme/books", null, COMMIT, "refs/heads/main");
        TimelineEntry<BuildStarted> first = add(new BuildStarted("b-2", source, null, T0, T0.plusSeconds(4), 4_000, 1));
        TimelineEntry<BuildStarted> second =
                add(new BuildStarted("b-2", source, "jib", T0.plusSeconds(60), T0.plusSeconds(61), 1_000, 2));
        TimelineContext timeline = new TimelineContext(entries);
        BuildStartedDescriber describer = new BuildStartedDescriber();

        List<TimelineStep> firstSteps = describer.describe(first, timeline);
        List<TimelineStep> secondSteps = describer.describe(second, timeline);

        assertThat(firstSteps)
                .extracting(TimelineStep::kind)
                .containsExactly(StepKind.BUILD_QUEUED, StepKind.BUILD_STARTED);
        assertThat(firstSteps.get(0).at()).isEqualTo(T0);
        assertThat(firstSteps.get(1).outcome()).isEqualTo(StepOutcome.INFO);
        assertThat(firstSteps.get(1).durationMillis()).isEqualTo(4_000L);
        assertThat(secondSteps.get(1).outcome()).isEqualTo(StepOutcome.RUNNING);
        assertThat(secondSteps.get(1).summary()).contains("attempt 2", "jib");
        assertThat(new BuildClock().sinceStart(timeline, "b-2", T0.plusSeconds(71), null))
                .isEqualTo(10_000L);
    }

    @Test
    void aChartPublishedFromTheCommitIsAStepOfItsOwnNamingTheChartAndVersion() {
        ChartPublished chart = new ChartPublished(
                "registry.test/acme/charts/books",
                "1.4.2",
                "1.4.2",
                "sha256:" + "c".repeat(64),
                new SourceCommit("acme/books", null, COMMIT, "refs/tags/v1.4.2"),
                "b-3",
                T0);

        List<TimelineStep> steps = new ChartPublishedDescriber().describe(add(chart), new TimelineContext(entries));

        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo(StepKind.CHART_PUBLISHED);
            assertThat(step.outcome()).isEqualTo(StepOutcome.INFO);
            assertThat(step.summary()).isEqualTo("chart registry.test/acme/charts/books 1.4.2 published");
            assertThat(step.details())
                    .containsEntry("version", "1.4.2")
                    .containsEntry("digest", "sha256:" + "c".repeat(64))
                    .containsEntry("buildId", "b-3");
        });
    }

    @Test
    void aFreightAndItsPromotionNameTheChartsAndGitCommitsBesideTheImages() {
        ImageRef image = new ImageRef("registry.test/acme/books", "1.4.2", "sha256:" + "a".repeat(64));
        ChartRef chart = new ChartRef("registry.test/acme/charts/books", "1.4.2", "sha256:" + "c".repeat(64));
        GitCommitRef config = new GitCommitRef("http://git.test/acme/config.git", "main", "d".repeat(40), "3 replicas");
        FreightCreated freight = new FreightCreated(
                FREIGHT,
                "brave-otter",
                "books",
                "books",
                List.of(image),
                COMMIT,
                List.of(),
                T0,
                List.of(chart),
                List.of(config));
        FreightCreated commitOnly = new FreightCreated(
                FREIGHT, "tidy-wren", "books", "config", List.of(), null, List.of(), T0, List.of(), List.of(config));
        StagePromoted promoted = new StagePromoted(
                PROMOTION,
                "books",
                "dev",
                FREIGHT,
                "brave-otter",
                List.of(image),
                COMMIT,
                List.of(),
                List.of(),
                T0.plusSeconds(30),
                List.of(chart),
                List.of(config));
        TimelineContext timeline = new TimelineContext(entries);

        TimelineStep created =
                new FreightCreatedDescriber().describe(add(freight), timeline).get(0);
        TimelineStep ofACommit = new FreightCreatedDescriber()
                .describe(add(commitOnly), timeline)
                .get(0);
        TimelineStep stage =
                new StagePromotedDescriber().describe(add(promoted), timeline).get(0);

        assertThat(created.summary()).endsWith("(1 image, 1 chart, 1 commit)");
        assertThat(created.details())
                .containsEntry("charts", List.of("registry.test/acme/charts/books 1.4.2@sha256:" + "c".repeat(64)))
                .containsEntry("commits", List.of("http://git.test/acme/config.git@main:" + "d".repeat(40)));
        assertThat(ofACommit.summary()).endsWith("created by books/config (1 commit)");
        assertThat(ofACommit.details()).doesNotContainKeys("images", "charts");
        assertThat(stage.details()).containsKeys("images", "charts", "commits");

        PromotionRequested chartRequest = new PromotionRequested(
                PROMOTION + "/0",
                PROMOTION,
                "books",
                "dev",
                FREIGHT,
                "brave-otter",
                null,
                COMMIT,
                new GitOpsTarget(
                        "http://git.test/acme/gitops.git",
                        "main",
                        "apps/books-dev.yaml",
                        GitOpsTarget.EditKind.ARGOCD_TARGET_REVISION,
                        null,
                        GitOpsTarget.ValueFormat.TAG,
                        GitOpsTarget.WriteMode.PUSH,
                        null),
                "promotion-service",
                T0.plusSeconds(10),
                chart,
                null);
        TimelineStep request = new PromotionRequestedDescriber()
                .describe(add(chartRequest), timeline)
                .get(0);
        assertThat(request.details())
                .containsEntry("chart", "registry.test/acme/charts/books 1.4.2@sha256:" + "c".repeat(64))
                .containsEntry("targetKind", "argocd-target-revision")
                .doesNotContainKeys("image", "tag");
    }

    private PromotionUpdated update(Change change, Phase previous, Phase phase, Instant at) {
        return new PromotionUpdated(
                PROMOTION,
                "books",
                "dev",
                FREIGHT,
                "brave-otter",
                COMMIT,
                false,
                change,
                phase,
                previous,
                "promotion-service",
                null,
                at);
    }

    private <T extends GitopsFlowEvent> TimelineEntry<T> add(T event) {
        return add(event, null);
    }

    private <T extends GitopsFlowEvent> TimelineEntry<T> add(T event, Instant promotionCreatedAt) {
        StoredEvent stored = new StoredEvent(
                "event-" + entries.size(),
                "type",
                T0,
                T0,
                "books",
                "dev",
                PROMOTION,
                FREIGHT,
                "brave-otter",
                promotionCreatedAt,
                false,
                new byte[0]);
        TimelineEntry<T> entry = new TimelineEntry<>(stored, event);
        entries.add(entry);
        return entry;
    }
}
