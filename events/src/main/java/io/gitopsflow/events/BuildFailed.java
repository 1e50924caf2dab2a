package io.gitopsflow.events;

import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;

/**
 * A commit could not be turned into an image; the reason says why in words a developer can act on.
 *
 * @param buildId build-worker's build id
 * @param source the commit that was to be built
 * @param failedStep the step that failed: {@code spec}, {@code checkout}, {@code build} or {@code push}
 * @param reason why, in one sentence
 * @param logExcerpt the last lines of the build's log, secrets removed
 * @param failedAt when the build ended
 * @param durations how long each step took until the failure
 */
public record BuildFailed(
        String buildId,
        SourceCommit source,
        String failedStep,
        String reason,
        String logExcerpt,
        Instant failedAt,
        BuildDurations durations)
        implements GitopsFlowEvent {

    public BuildFailed {
        Require.text(buildId, "buildId");
        Require.present(source, "source");
        ResourceNames.requireDnsLabel("failedStep", Require.text(failedStep, "failedStep"));
        Require.text(reason, "reason");
        logExcerpt = logExcerpt == null ? "" : logExcerpt;
        Require.present(failedAt, "failedAt");
    }

    @Override
    public String partitionKey() {
        return source.repository();
    }

    @Override
    public String subject() {
        return source.repository();
    }
}
