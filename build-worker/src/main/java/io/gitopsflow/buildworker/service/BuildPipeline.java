package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.builder.BuildRequest;
import io.gitopsflow.buildworker.builder.ImageBuildException;
import io.gitopsflow.buildworker.builder.ImageBuilder;
import io.gitopsflow.buildworker.builder.ImageBuilders;
import io.gitopsflow.buildworker.builder.ImageRetagger;
import io.gitopsflow.buildworker.builder.PushedImage;
import io.gitopsflow.buildworker.chart.ChartException;
import io.gitopsflow.buildworker.chart.ChartPublisher;
import io.gitopsflow.buildworker.chart.ChartSpec;
import io.gitopsflow.buildworker.chart.ChartSpecLoader;
import io.gitopsflow.buildworker.checkout.CheckoutException;
import io.gitopsflow.buildworker.checkout.GitCheckout;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.buildworker.dockerfile.UnsupportedDockerfileException;
import io.gitopsflow.buildworker.spec.BuildSpec;
import io.gitopsflow.buildworker.spec.BuildSpecLoader;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.buildworker.tags.ImageTags;
import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.messaging.EventTracing;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The CI pipeline of one commit, blocking (JGit, Jib, Kubernetes Jobs): checkout, build spec, build and push with the
 * builder the spec names. Every failure a developer can fix ends as a {@link BuildOutcome} with the failing step and
 * the reason, never an exception; a failure that is not the commit's (registry or Git host unreachable) is marked
 * retryable. A release tag's build then packages and pushes the repository's Helm chart, if it has one.
 */
@ApplicationScoped
public class BuildPipeline {

    private final BuildWorkerConfig config;
    private final GitCheckout checkout;
    private final ImageBuilders builders;
    private final ImageRetagger retagger;
    private final BuildSpecLoader specs;
    private final ChartPublisher charts;
    private final EventTracing tracing;

    public BuildPipeline(
            BuildWorkerConfig config,
            GitCheckout checkout,
            ImageBuilders builders,
            ImageRetagger retagger,
            ChartPublisher charts,
            EventTracing tracing) {
        this.config = config;
        this.checkout = checkout;
        this.builders = builders;
        this.retagger = retagger;
        this.charts = charts;
        this.specs = new BuildSpecLoader(builders.names());
        this.tracing = tracing;
    }

    /**
     * Builds {@code push}'s head commit as build number {@code buildNumber} of its branch.
     *
     * @param buildId the build's id, e.g. {@code b-<uuid>}; names what a builder creates for it (the Kubernetes Job)
     */
    public BuildOutcome run(CommitPushed push, long buildNumber, String buildId) {
        PipelineRun run = new PipelineRun();
        try (GitCheckout.Checkout tree = clone(push)) {
            run.checkedOut(tree, push.after());
            BuildSpec spec = specs.load(
                    tree.workTree(), config.registry(), push.repository().fullName());
            Optional<ChartSpec> chart = ChartSpecLoader.load(
                    tree.workTree(), spec, push.repository().fullName());
            List<String> tags =
                    ImageTags.forCommit(push.after(), push.refType(), push.refName(), buildNumber, spec.extraTags());
            run.building(spec, tags);
            ImageBuilder builder = builderFor(spec);
            run.builtBy(builder);
            BuildRequest request = new BuildRequest(
                    buildId, push.repository().cloneUrl(), push.ref(), push.after(), tree.workTree(), spec, tags);
            // the builder builds and pushes in one go (Jib: layers pushed as they are built)
            PushedImage image = tracing.stepBlocking(
                    "image build and push " + spec.imageRepository(), null, () -> builder.build(request));
            return withChart(run, run.pushed(image), tree.workTree(), push, chart);
        } catch (CheckoutException e) {
            return run.failed("checkout", e.getMessage(), e.transientFailure());
        } catch (ChartException e) {
            return run.failed("chart", e.getMessage(), e.transientFailure());
        } catch (InvalidBuildSpecException | UnsupportedDockerfileException e) {
            return run.failed("spec", e.getMessage(), false);
        } catch (ImageBuildException e) {
            return run.failedHere(e.step().orElse(null), e.getMessage(), e.transientFailure());
        } catch (IllegalArgumentException e) {
            return run.failed(run.step(), e.getMessage(), false);
        } catch (RuntimeException e) {
            Log.errorf(
                    e, "build of %s@%s failed unexpectedly", push.repository().fullName(), push.after());
            return run.failed(
                    run.step(), "unexpected error: " + e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    /**
     * Gives the image already built from {@code push}'s commit the tags of {@code push}'s ref (build number {@code
     * buildNumber} of its branch), without building it again: same digest, new tags.
     *
     * @param built the image built from the commit for another ref, with the tag {@code existingTag}
     * @return empty when that image cannot be tagged unchanged (another tool wrote its manifest): only a build can
     */
    public Optional<BuildOutcome> retag(CommitPushed push, long buildNumber, PushedImage built, String existingTag) {
        PipelineRun run = new PipelineRun("commit " + push.after() + " is built already as " + built.repository() + "@"
                + built.digest() + ": tagging it for " + push.ref() + ", no build");
        try {
            List<String> tags =
                    ImageTags.forCommit(push.after(), push.refType(), push.refName(), buildNumber, List.of());
            BuildOutcome tagged = run.tagged(retagger.retag(built.repository(), built.digest(), existingTag, tags));
            return Optional.of(ChartPublisher.releases(push) ? chartOfRelease(push, run, tagged) : tagged);
        } catch (ImageRetagger.NotCopyableException e) {
            Log.warnf("%s: building the commit for %s instead", e.getMessage(), push.ref());
            return Optional.empty();
        } catch (RuntimeException e) {
            // whatever went wrong ends as a failed result a retry can repeat, never as a build retried forever
            boolean retryable = e instanceof ImageBuildException failure && failure.transientFailure();
            return Optional.of(run.failed("push", e.getMessage(), retryable));
        }
    }

    /** The release's chart pushed after its image (when it is a release and has a chart). */
    private BuildOutcome withChart(
            PipelineRun run, BuildOutcome image, Path workTree, CommitPushed push, Optional<ChartSpec> spec) {
        run.packagingChart();
        Optional<ChartRef> chart = charts.publish(workTree, push, spec);
        return chart.map(pushed -> run.charted(image, pushed)).orElse(image);
    }

    /** A release tag on a commit built already: its image is tagged, its chart still needs the commit's files. */
    private BuildOutcome chartOfRelease(CommitPushed push, PipelineRun run, BuildOutcome tagged) {
        try (GitCheckout.Checkout tree = checkout.checkout(push.repository().cloneUrl(), push.after())) {
            BuildSpec build = specs.load(
                    tree.workTree(), config.registry(), push.repository().fullName());
            Optional<ChartSpec> spec = ChartSpecLoader.load(
                    tree.workTree(), build, push.repository().fullName());
            return withChart(run, tagged, tree.workTree(), push, spec);
        } catch (CheckoutException e) {
            return run.failed("checkout", e.getMessage(), e.transientFailure());
        } catch (InvalidBuildSpecException e) {
            return run.failed("spec", e.getMessage(), false);
        } catch (ChartException e) {
            return run.failed("chart", e.getMessage(), e.transientFailure());
        }
    }

    /** Clones the commit, in a span of its own. */
    private GitCheckout.Checkout clone(CommitPushed push) {
        return tracing.stepBlocking(
                "git clone " + push.repository().fullName(),
                null,
                () -> checkout.checkout(push.repository().cloneUrl(), push.after()));
    }

    private ImageBuilder builderFor(BuildSpec spec) {
        return builders.named(spec.builder().name())
                .orElseThrow(() -> new InvalidBuildSpecException(
                        "no builder is named " + spec.builder().name()));
    }
}
