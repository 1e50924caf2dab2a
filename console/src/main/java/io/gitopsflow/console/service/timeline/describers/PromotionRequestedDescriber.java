package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.PromotionRequested;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * promotion-service asked gitops-writer to write a stage's image (one request per GitOps target): who asked, which
 * image, where, and how long after the promotion was created (the wait for approvals and windows).
 */
@ApplicationScoped
public class PromotionRequestedDescriber implements TimelineDescriber<PromotionRequested> {

    @Override
    public EventType<PromotionRequested> type() {
        return EventType.PROMOTION_REQUESTED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<PromotionRequested> entry, TimelineContext timeline) {
        PromotionRequested request = entry.event();
        GitOpsTarget target = request.target();
        Long sinceCreated = TimelineContext.millisBetween(
                timeline.promotionCreatedAt(request.promotionId(), entry.stored()), request.requestedAt());
        Details details = Details.of()
                .put("requestId", request.requestId())
                .put("requestedBy", request.requestedBy())
                .put("freightAlias", request.freightAlias())
                // a v2 request carries one artifact: an image, a chart or a Git commit
                .put("image", request.image() == null ? null : request.image().pinned())
                .put("tag", request.image() == null ? null : request.image().tag())
                .put("chart", request.chart() == null ? null : Artifacts.chart(request.chart()))
                .put("commit", request.commit() == null ? null : Artifacts.commit(request.commit()))
                .put("targetKind", Details.jsonName(target.kind()))
                .put("repositoryUrl", target.repositoryUrl())
                .put("branch", target.branch())
                .put("path", target.path())
                .put("writeMode", target.writeMode());
        String summary = "promotion of "
                + Promotions.freightInto(
                        entry.stored(), request.freightAlias(), request.freightId(), request.project(), request.stage())
                + " requested by " + request.requestedBy() + ": write " + target.path() + " on " + target.branch();
        return List.of(
                entry.step(StepKind.PROMOTION_REQUESTED, StepOutcome.INFO, sinceCreated, summary, details.map()));
    }
}
