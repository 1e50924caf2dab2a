package io.gitopsflow.console.service;

import io.gitopsflow.console.api.PendingApproval;
import io.gitopsflow.console.api.PromotionDetail;
import io.gitopsflow.console.api.PromotionEntry;
import io.gitopsflow.console.api.PromotionList;
import io.gitopsflow.console.repository.BoardRepository;
import io.gitopsflow.console.repository.BoardRepository.ReviewDecision;
import io.gitopsflow.console.repository.PipelineRepository;
import io.gitopsflow.console.repository.PromotionQueryRepository;
import io.gitopsflow.console.repository.PromotionQueryRepository.PromotionRecord;
import io.gitopsflow.console.repository.PromotionQueryRepository.PromotionRow;
import io.gitopsflow.console.repository.PromotionQueryRepository.RecordedEvent;
import io.gitopsflow.console.repository.ReadModelSessions;
import io.gitopsflow.events.CloudEventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pipeline's promotions, newest first, and one promotion whole (its phases, GitOps writes, reviewers' decisions,
 * verifications and the events recorded for it): what the Promotion page and {@code get promotions} show; only reads.
 */
@ApplicationScoped
public class PromotionQueries {

    /** The most promotions one page may hold. */
    public static final int MAX_LIMIT = 200;

    /** The changes of a promotion-updated that move the phase (its phase history). */
    private static final Set<String> PHASE_CHANGES = Set.of("created", "phase-changed", "rejected");

    private final ReadModelSessions sessions;
    private final PipelineRepository pipelines;
    private final PromotionQueryRepository promotions;
    private final BoardRepository decisions;

    public PromotionQueries(
            ReadModelSessions sessions,
            PipelineRepository pipelines,
            PromotionQueryRepository promotions,
            BoardRepository decisions) {
        this.sessions = sessions;
        this.pipelines = pipelines;
        this.promotions = promotions;
        this.decisions = decisions;
    }

    /**
     * At most {@code limit} (1 to {@link #MAX_LIMIT}) promotions of {@code project}, of {@code stage} when not null,
     * newest first, after {@code before}; empty when the read model knows no such pipeline.
     */
    public Optional<PromotionList> page(String project, String stage, Optional<PageCursor> before, int limit) {
        try (Connection connection = sessions.read()) {
            if (pipelines.find(connection, project).isEmpty() && !pipelines.seen(connection, project)) {
                return Optional.empty();
            }
            PageCursor.Slice<PromotionRow> slice = PageCursor.slice(
                    promotions.page(
                            connection,
                            project,
                            stage,
                            before.map(PageCursor::at).orElse(null),
                            before.map(PageCursor::id).orElse(null),
                            limit + 1),
                    limit,
                    row -> new PageCursor(row.cursorAt(), row.entry().id()));
            List<PromotionEntry> entries =
                    slice.rows().stream().map(PromotionRow::entry).toList();
            return Optional.of(new PromotionList(project, stage, entries, slice.next()));
        } catch (SQLException e) {
            throw new ReadModelUnavailableException(e);
        }
    }

    /** The promotion {@code promotionId} whole; empty when the read model knows no such promotion. */
    public Optional<PromotionDetail> detail(String promotionId) {
        try (Connection connection = sessions.read()) {
            Optional<PromotionRecord> found = promotions.find(connection, promotionId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            PromotionDetail head = found.get().head();
            List<PendingApproval.Decision> approvals = new ArrayList<>();
            List<PendingApproval.Decision> rejections = new ArrayList<>();
            for (ReviewDecision decision : decisions.decisions(connection, List.of(promotionId))) {
                ("rejected".equals(decision.decision()) ? rejections : approvals).add(decision.made());
            }
            List<RecordedEvent> events =
                    promotions.events(connection, promotionId, found.get().commitSha());
            return Optional.of(new PromotionDetail(
                    head.id(),
                    head.pipeline(),
                    head.stage(),
                    head.freight(),
                    head.commit(),
                    head.phase(),
                    head.since(),
                    head.reason(),
                    head.rollback(),
                    head.requestedBy(),
                    head.requestedAt(),
                    head.writeRequestedAt(),
                    head.promotedAt(),
                    head.verifiedAt(),
                    head.finishedAt(),
                    phases(events),
                    promotions.writes(connection, promotionId),
                    List.copyOf(approvals),
                    List.copyOf(rejections),
                    promotions.runs(connection, promotionId),
                    events.stream().map(RecordedEvent::entry).toList()));
        } catch (SQLException e) {
            throw new ReadModelUnavailableException(e);
        }
    }

    /** The phase history: the promotion-updated events that moved the phase, oldest first. */
    private static List<PromotionDetail.PhaseChange> phases(List<RecordedEvent> events) {
        return events.stream()
                .filter(event ->
                        CloudEventTypes.PROMOTION_UPDATED.equals(event.entry().type()))
                .filter(event -> PHASE_CHANGES.contains(event.entry().change()))
                .map(event -> new PromotionDetail.PhaseChange(
                        event.entry().phase(),
                        event.previousPhase(),
                        event.entry().at(),
                        event.entry().actor(),
                        event.entry().reason()))
                .toList();
    }
}
