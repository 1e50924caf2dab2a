package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * gitops-writer's answer to a write request: the GitOps commit, the pull request, or why it failed; measured from the
 * request it answers.
 */
@ApplicationScoped
public class ManifestUpdatedDescriber implements TimelineDescriber<ManifestUpdated> {

    @Override
    public EventType<ManifestUpdated> type() {
        return EventType.MANIFEST_UPDATED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<ManifestUpdated> entry, TimelineContext timeline) {
        ManifestUpdated write = entry.event();
        Long sinceRequest = timeline.first(
                        EventType.PROMOTION_REQUESTED,
                        (PromotionRequested request) -> request.requestId().equals(write.requestId()))
                .map(request -> TimelineContext.millisBetween(request.event().requestedAt(), write.updatedAt()))
                .orElse(null);
        Details details = Details.of()
                .put("requestId", write.requestId())
                .put("status", write.status())
                .put("commit", write.commit())
                .put("pullRequestUrl", write.pullRequestUrl())
                .put("reason", write.reason())
                .put("previousValue", write.previousValue())
                .put("newValue", write.newValue())
                .put("path", write.target().path())
                .put("branch", write.target().branch())
                .put("batchSize", write.batchSize());
        String where =
                write.project() + "/" + write.stage() + " (" + write.target().path() + ")";
        TimelineStep step = switch (write.status()) {
            case COMMITTED ->
                entry.step(
                        StepKind.GITOPS_COMMIT,
                        StepOutcome.SUCCEEDED,
                        sinceRequest,
                        "GitOps commit " + shortSha(write.commit()) + " written for " + where,
                        details.map());
            case NO_CHANGE ->
                entry.step(
                        StepKind.GITOPS_COMMIT,
                        StepOutcome.SUCCEEDED,
                        sinceRequest,
                        "GitOps commit " + shortSha(write.commit()) + " already said so for " + where,
                        details.map());
            case PR_OPENED ->
                entry.step(
                        StepKind.PULL_REQUEST_OPENED,
                        StepOutcome.INFO,
                        sinceRequest,
                        "pull request " + write.pullRequestUrl() + " opened for " + where,
                        details.map());
            case FAILED ->
                entry.step(
                        StepKind.GITOPS_WRITE_FAILED,
                        StepOutcome.FAILED,
                        sinceRequest,
                        "GitOps write for " + where + " failed" + Details.because(write.reason()),
                        details.map());
        };
        return List.of(step);
    }

    private static String shortSha(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }
}
