package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.builder.ImageBuilder;
import io.gitopsflow.buildworker.builder.PushedImage;
import io.gitopsflow.buildworker.checkout.GitCheckout;
import io.gitopsflow.buildworker.spec.BuildSpec;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.ChartRef;
import java.util.List;

/** One run of the pipeline as it goes: the step it is at, its log, and the time each step took. */
final class PipelineRun {

    private final long start = System.nanoTime();
    private final StringBuilder log = new StringBuilder();
    private String step = "checkout";
    private long checkoutMillis;
    private long buildStart;
    private ImageBuilder builder;

    PipelineRun() {}

    /** Starts with a line of its own, e.g. a retag's. */
    PipelineRun(String firstLine) {
        log.append(firstLine).append('\n');
    }

    void checkedOut(GitCheckout.Checkout tree, String commit) {
        checkoutMillis = tree.millis();
        log.append("checked out ").append(commit).append(tree.cacheHit() ? " (fetched into cache)\n" : "\n");
        step = "spec";
    }

    void building(BuildSpec spec, List<String> tags) {
        log.append("building ")
                .append(spec.imageRepository())
                .append(" with tags ")
                .append(tags)
                .append(" (builder ")
                .append(spec.builder().name())
                .append(spec.platforms().isEmpty() ? "" : ", platforms " + spec.platforms())
                .append(")\n");
        step = "build";
        buildStart = System.nanoTime();
    }

    /** The builder has started: a failure from here on is reported at the builder's step. */
    void builtBy(ImageBuilder builder) {
        this.builder = builder;
    }

    String step() {
        return step;
    }

    /** Both builders build and push in one pass: the push time is inside the build time. */
    BuildOutcome pushed(PushedImage image) {
        long buildMillis = millisSince(buildStart);
        log.append("pushed ").append(image.digest()).append('\n');
        return BuildOutcome.pushed(
                image, log.toString(), new BuildDurations(checkoutMillis, buildMillis, 0, millisSince(start)));
    }

    /** A retag: no checkout, no build, the push is the whole of it. */
    BuildOutcome tagged(PushedImage image) {
        long total = millisSince(start);
        log.append("tagged ").append(image.tags()).append('\n');
        return BuildOutcome.pushed(image, log.toString(), new BuildDurations(0, 0, total, total));
    }

    /** The image is pushed; what fails from here on fails at step {@code chart}. */
    void packagingChart() {
        step = "chart";
    }

    /** The release's chart is pushed too. */
    BuildOutcome charted(BuildOutcome image, ChartRef chart) {
        log.append("pushed chart ")
                .append(chart.ociUrl())
                .append(':')
                .append(chart.version())
                .append(" as ")
                .append(chart.digest())
                .append('\n');
        return image.withChart(chart, log.toString());
    }

    /** Failed at {@code failedStep}, before any build ran. */
    BuildOutcome failed(String failedStep, String reason, boolean retryable) {
        return fail(failedStep, reason, 0, retryable);
    }

    /**
     * Failed at the current step: once the builder ran, the step it named ({@code failedStep}, null when it named
     * none) or its own step, with the time it took.
     */
    BuildOutcome failedHere(String failedStep, String reason, boolean retryable) {
        if (builder != null) {
            return fail(
                    failedStep != null ? failedStep : builder.failedStep(), reason, millisSince(buildStart), retryable);
        }
        return fail(step, reason, 0, retryable);
    }

    private BuildOutcome fail(String failedStep, String reason, long buildMillis, boolean retryable) {
        log.append(failedStep).append(" failed: ").append(reason).append('\n');
        return BuildOutcome.failed(
                failedStep,
                reason,
                log.toString(),
                new BuildDurations(checkoutMillis, buildMillis, 0, millisSince(start)),
                retryable);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
