package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline's DORA metrics over a window and how they moved within it: the window's figures (exactly the REST
 * answer's) and the same figures of its last stages per bucket (a calendar day, UTC, of a 7-day window, else an ISO
 * week), for charts.
 *
 * @param report the window's figures, as {@code GET /pipelines/{pipeline}/dora} gives them
 * @param bucket {@code day} or {@code week}
 * @param buckets the buckets, oldest first, covering the window; the first and the last are cut at its ends
 */
public record DoraTrend(DoraReport report, String bucket, List<Bucket> buckets) {

    /**
     * The last stages' figures of one bucket, counted as the window's are (a restore with its failure); deployments
     * per day are over the bucket's own days.
     *
     * @param from the bucket's start
     * @param to its end
     * @param figures its figures
     */
    public record Bucket(Instant from, Instant to, DoraFigures figures) {}
}
