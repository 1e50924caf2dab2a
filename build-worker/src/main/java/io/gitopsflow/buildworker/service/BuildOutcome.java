package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.builder.PushedImage;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.ChartRef;
import java.util.List;

/**
 * What running the pipeline on a build came to: an image, or the step that failed and why.
 *
 * @param retryable the failure was not the commit's (the registry or the Git host unreachable, a 5xx): the same build
 *     may succeed later, so it is tried again instead of failing
 * @param chart the Helm chart a release build pushed after the image, or null
 */
public record BuildOutcome(
        String imageRepository,
        List<String> tags,
        String digest,
        String failedStep,
        String reason,
        String logExcerpt,
        BuildDurations durations,
        boolean retryable,
        ChartRef chart) {

    /** The end of the log a failed build keeps. */
    private static final int EXCERPT = 4000;

    public BuildOutcome {
        tags = List.copyOf(tags);
    }

    public boolean succeeded() {
        return digest != null;
    }

    /** The image was pushed with every tag. */
    static BuildOutcome pushed(PushedImage image, String log, BuildDurations durations) {
        return new BuildOutcome(
                image.repository(), image.tags(), image.digest(), null, null, log, durations, false, null);
    }

    /** {@code step} failed for {@code reason}; the log keeps its end. */
    static BuildOutcome failed(String step, String reason, String log, BuildDurations durations, boolean retryable) {
        String excerpt = log.length() > EXCERPT ? log.substring(log.length() - EXCERPT) : log;
        return new BuildOutcome(null, List.of(), null, step, reason, excerpt, durations, retryable, null);
    }

    /** This outcome with the chart pushed after its image. */
    BuildOutcome withChart(ChartRef pushed, String log) {
        return new BuildOutcome(imageRepository, tags, digest, failedStep, reason, log, durations, retryable, pushed);
    }
}
