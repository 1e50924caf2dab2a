package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.StagePromoted;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The stage runs the Freight, written and healthy: measured from the promotion's first write request (else from its
 * creation), with the GitOps commits that hold it and the verification still to come.
 */
@ApplicationScoped
public class StagePromotedDescriber implements TimelineDescriber<StagePromoted> {

    @Override
    public EventType<StagePromoted> type() {
        return EventType.STAGE_PROMOTED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<StagePromoted> entry, TimelineContext timeline) {
        StagePromoted promoted = entry.event();
        Instant requested = Promotions.firstRequestedAt(timeline, promoted.promotionId());
        if (requested == null) {
            requested = timeline.promotionCreatedAt(promoted.promotionId(), entry.stored());
        }
        Details details = Details.of()
                .put("freightAlias", promoted.freightAlias())
                .put("images", promoted.images().stream().map(ImageRef::pinned).toList())
                .put("charts", Artifacts.charts(promoted.charts()))
                .put("commits", Artifacts.commits(promoted.commits()))
                .put("manifestCommits", promoted.manifestCommits())
                .put(
                        "verification",
                        promoted.verification().stream()
                                .map(AnalysisTemplateRef::name)
                                .toList());
        String summary = Promotions.freightInto(
                        entry.stored(),
                        promoted.freightAlias(),
                        promoted.freightId(),
                        promoted.project(),
                        promoted.stage())
                + ": promoted" + (promoted.verification().isEmpty() ? "" : ", verification to come");
        return List.of(entry.step(
                StepKind.STAGE_PROMOTED,
                StepOutcome.SUCCEEDED,
                TimelineContext.millisBetween(requested, promoted.promotedAt()),
                summary,
                details.map()));
    }
}
