package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What promotion-service decided about a promotion: created (by whom), each phase change (who, why, how long the
 * previous phase lasted; an end measured from the creation), approvals and rejections with their reviewer, holds on
 * the stage's auto-promotion, a window overridden. A pull request gitops-writer also reported is told once, by the
 * write's step.
 */
@ApplicationScoped
public class PromotionUpdatedDescriber implements TimelineDescriber<PromotionUpdated> {

    private static final Set<Phase> TERMINAL = EnumSet.of(Phase.SUCCEEDED, Phase.FAILED, Phase.ABORTED, Phase.REJECTED);

    @Override
    public EventType<PromotionUpdated> type() {
        return EventType.PROMOTION_UPDATED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<PromotionUpdated> entry, TimelineContext timeline) {
        PromotionUpdated update = entry.event();
        String what = Promotions.freightInto(
                entry.stored(), update.freightAlias(), update.freightId(), update.project(), update.stage());
        Details details = details(entry);
        Long sinceCreated = TimelineContext.millisBetween(
                timeline.promotionCreatedAt(update.promotionId(), entry.stored()), update.updatedAt());
        String by = " by " + update.actor() + Details.because(update.reason());
        return switch (update.change()) {
            case CREATED -> List.of(created(entry, timeline, what, details));
            case PHASE_CHANGED -> List.of(phaseChanged(entry, timeline, what, details));
            case APPROVED ->
                List.of(entry.step(
                        StepKind.PROMOTION_APPROVED,
                        StepOutcome.SUCCEEDED,
                        sinceCreated,
                        what + ": approved" + by,
                        details.map()));
            case REJECTED ->
                List.of(entry.step(
                        StepKind.PROMOTION_REJECTED,
                        StepOutcome.FAILED,
                        sinceCreated,
                        what + ": rejected" + by,
                        details.map()));
            case HOLD_SET ->
                List.of(entry.step(
                        StepKind.HOLD_SET,
                        StepOutcome.INFO,
                        null,
                        "auto-promotion of " + update.project() + "/" + update.stage() + " held" + by,
                        details.map()));
            case HOLD_RELEASED -> List.of(holdReleased(entry, timeline, by, details));
            case WINDOW_OVERRIDDEN ->
                List.of(entry.step(
                        StepKind.WINDOW_OVERRIDDEN,
                        StepOutcome.INFO,
                        sinceCreated,
                        what + ": window overridden" + by,
                        details.map()));
            case PULL_REQUEST_OPENED -> pullRequestOpened(entry, timeline, what, details);
        };
    }

    /** Whether the promotion is a rollback: as the update says, or as the promotion's row says. */
    private static boolean isRollback(TimelineEntry<PromotionUpdated> entry) {
        return Boolean.TRUE.equals(entry.event().rollback()) || entry.stored().rollback();
    }

    /** What every update tells: the change, the phase it leaves the promotion in, who and why. */
    private static Details details(TimelineEntry<PromotionUpdated> entry) {
        PromotionUpdated update = entry.event();
        return Details.of()
                .put("change", update.change())
                .put("phase", update.phase())
                .put("previousPhase", update.previousPhase())
                .put("actor", update.actor())
                .put("reason", update.reason())
                .put(
                        "freightAlias",
                        update.freightAlias() != null
                                ? update.freightAlias()
                                : entry.stored().freightAlias())
                .put("rollback", isRollback(entry) ? Boolean.TRUE : null);
    }

    /** The pull request promotion-service reports, unless gitops-writer's answer on the timeline tells it already. */
    private static List<TimelineStep> pullRequestOpened(
            TimelineEntry<PromotionUpdated> entry, TimelineContext timeline, String what, Details details) {
        if (toldByTheWrite(entry, timeline)) {
            return List.of();
        }
        String url = entry.event().reason();
        return List.of(entry.step(
                StepKind.PULL_REQUEST_OPENED,
                StepOutcome.INFO,
                null,
                what + ": pull request " + url + " opened",
                details.put("pullRequestUrl", url).map()));
    }

    private static TimelineStep created(
            TimelineEntry<PromotionUpdated> entry, TimelineContext timeline, String what, Details details) {
        PromotionUpdated update = entry.event();
        // from the Freight to its promotion: how long auto-promotion (or a person) took to ask
        Long sinceFreight = timeline.first(
                        EventType.FREIGHT_CREATED,
                        (FreightCreated freight) -> freight.freightId().equals(update.freightId()))
                .map(freight -> TimelineContext.millisBetween(freight.event().createdAt(), update.updatedAt()))
                .orElse(null);
        String rollback = isRollback(entry) ? " (a rollback)" : "";
        return entry.step(
                StepKind.PROMOTION_CREATED,
                StepOutcome.INFO,
                sinceFreight,
                "promotion of " + what + rollback + " created by " + update.actor() + Details.because(update.reason()),
                details.map());
    }

    private static TimelineStep phaseChanged(
            TimelineEntry<PromotionUpdated> entry, TimelineContext timeline, String what, Details details) {
        PromotionUpdated update = entry.event();
        boolean terminal = TERMINAL.contains(update.phase());
        Instant from = terminal
                ? timeline.promotionCreatedAt(update.promotionId(), entry.stored())
                : previousPhaseAt(entry, timeline);
        StepOutcome outcome = switch (update.phase()) {
            case SUCCEEDED -> StepOutcome.SUCCEEDED;
            case FAILED, ABORTED, REJECTED -> StepOutcome.FAILED;
            default -> isLatestPhase(entry, timeline) ? StepOutcome.RUNNING : StepOutcome.INFO;
        };
        String summary = what + ": " + phaseName(update.previousPhase()) + " → " + phaseName(update.phase()) + " by "
                + update.actor() + Details.because(update.reason());
        return entry.step(
                StepKind.PROMOTION_PHASE_CHANGED,
                outcome,
                TimelineContext.millisBetween(from, update.updatedAt()),
                summary,
                details.map());
    }

    private static TimelineStep holdReleased(
            TimelineEntry<PromotionUpdated> entry, TimelineContext timeline, String by, Details details) {
        PromotionUpdated update = entry.event();
        Long held = timeline.lastUntil(
                        EventType.PROMOTION_UPDATED,
                        entry.at(),
                        (PromotionUpdated other) -> other.change() == Change.HOLD_SET
                                && other.project().equals(update.project())
                                && other.stage().equals(update.stage()))
                .map(set -> TimelineContext.millisBetween(set.event().updatedAt(), update.updatedAt()))
                .orElse(null);
        return entry.step(
                StepKind.HOLD_RELEASED,
                StepOutcome.INFO,
                held,
                "auto-promotion of " + update.project() + "/" + update.stage() + " released" + by,
                details.map());
    }

    /** When the promotion entered the phase this update leaves: its previous phase move, else its creation. */
    private static Instant previousPhaseAt(TimelineEntry<PromotionUpdated> entry, TimelineContext timeline) {
        PromotionUpdated update = entry.event();
        return timeline.entries(EventType.PROMOTION_UPDATED).stream()
                .takeWhile(other -> other != entry)
                .filter(other -> other.event().promotionId().equals(update.promotionId())
                        && (other.event().change().movesPhase() || other.event().change() == Change.CREATED))
                .reduce((earlier, later) -> later)
                .map(other -> other.event().updatedAt())
                .orElse(timeline.promotionCreatedAt(update.promotionId(), entry.stored()));
    }

    /** Whether no later update of the timeline moved the promotion on. */
    private static boolean isLatestPhase(TimelineEntry<PromotionUpdated> entry, TimelineContext timeline) {
        return timeline.entries(EventType.PROMOTION_UPDATED).stream()
                .dropWhile(other -> other != entry)
                .skip(1)
                .noneMatch(other ->
                        other.event().promotionId().equals(entry.event().promotionId())
                                && other.event().change().movesPhase());
    }

    /** Whether gitops-writer's own answer on this timeline already tells the pull request this update reports. */
    private static boolean toldByTheWrite(TimelineEntry<PromotionUpdated> entry, TimelineContext timeline) {
        return timeline.first(
                        EventType.MANIFEST_UPDATED,
                        (ManifestUpdated write) -> write.status() == ManifestUpdated.Status.PR_OPENED
                                && write.promotionId().equals(entry.event().promotionId())
                                && Objects.equals(
                                        write.pullRequestUrl(), entry.event().reason()))
                .isPresent();
    }

    private static String phaseName(Phase phase) {
        return phase == null ? "?" : Details.jsonName(phase);
    }
}
