package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * One Freight of a pipeline with its state in every stage of the pipeline.
 *
 * @param id the content-hash id
 * @param alias the human alias (e.g. brave-otter)
 * @param warehouse the Warehouse that made it
 * @param images its images, pinned by digest
 * @param charts its Helm charts, pinned by digest
 * @param commits its Git commits (of repositories its Warehouse follows)
 * @param commit the application commit it follows, with its message and author when the push was seen; null when the
 *     Freight names no commit
 * @param createdAt when its Warehouse made it
 * @param stages its state in each stage, in pipeline order
 */
public record FreightEntry(
        String id,
        String alias,
        String warehouse,
        List<FreightSummary.Image> images,
        List<FreightSummary.Chart> charts,
        List<FreightSummary.GitCommit> commits,
        Commit commit,
        Instant createdAt,
        List<StageState> stages) {

    /**
     * An application commit.
     *
     * @param sha the commit SHA
     * @param message its message, or null when the console did not see its push
     * @param author its author's name, or null when the console did not see its push
     */
    public record Commit(String sha, String message, String author) {}

    /**
     * A Freight's state in one stage.
     *
     * @param stage the stage
     * @param latestPromotion the stage's latest promotion of this Freight, or null when it was never promoted there
     * @param current whether the Freight is the stage's current Freight (its last Succeeded promotion)
     * @param olderThanCurrent whether it is older than the stage's current Freight: promoting it there would be a
     *     rollback; false when the stage has no current Freight
     */
    public record StageState(
            String stage, LatestPromotion latestPromotion, boolean current, boolean olderThanCurrent) {}

    /**
     * A stage's latest promotion of a Freight.
     *
     * @param id the promotion id
     * @param phase where it stands (Pending … Succeeded, Failed, Aborted, Rejected)
     * @param verificationPhase the phase of its latest analysis run (Successful, Failed, Error, Inconclusive), or
     *     null when none completed
     * @param since when it reached its phase, or null when only implied so far
     * @param rollback whether the promotion was a rollback
     */
    public record LatestPromotion(String id, String phase, String verificationPhase, Instant since, boolean rollback) {}
}
