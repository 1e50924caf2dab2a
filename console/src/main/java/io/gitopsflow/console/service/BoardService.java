package io.gitopsflow.console.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.Board;
import io.gitopsflow.console.api.PendingApproval;
import io.gitopsflow.console.api.PipelineSummary;
import io.gitopsflow.console.api.PromotionSummary;
import io.gitopsflow.console.api.StageBoard;
import io.gitopsflow.console.repository.BoardRepository;
import io.gitopsflow.console.repository.BoardRepository.CurrentState;
import io.gitopsflow.console.repository.BoardRepository.ReviewDecision;
import io.gitopsflow.console.repository.BoardRepository.StagePromotion;
import io.gitopsflow.console.repository.BoardRepository.WarehouseFreight;
import io.gitopsflow.console.repository.PipelineRepository;
import io.gitopsflow.console.repository.PipelineRepository.KnownPipeline;
import io.gitopsflow.console.repository.PipelineRepository.PipelineRow;
import io.gitopsflow.console.repository.ReadModelSessions;
import io.gitopsflow.console.service.PipelineDefinition.StageDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Draws a pipeline's board from the read model as Kargo's UI shows it: the Warehouse and its newest Freight, then the
 * stages in the order the pipeline's definition declares them (or, before a definition arrived, the order their first
 * promotions came in), each with the Freight running there, its newest promotion, gates, verification, hold and the
 * promotions waiting for reviewers. Only reads: what the board shows, promotion-service decided.
 */
@ApplicationScoped
public class BoardService {

    private final ReadModelSessions sessions;
    private final PipelineRepository pipelines;
    private final BoardRepository stages;
    private final ObjectMapper json;

    public BoardService(
            ReadModelSessions sessions, PipelineRepository pipelines, BoardRepository stages, ObjectMapper json) {
        this.sessions = sessions;
        this.pipelines = pipelines;
        this.stages = stages;
        this.json = json;
    }

    /** Every pipeline the read model knows, by name. */
    public List<PipelineSummary> pipelines() {
        try (Connection connection = sessions.read()) {
            List<PipelineSummary> summaries = new ArrayList<>();
            for (KnownPipeline known : pipelines.known(connection)) {
                int stageCount = known.declaredStages() != null && known.configured()
                        ? known.declaredStages()
                        : pipelines.stagesSeen(connection, known.project()).size();
                summaries.add(new PipelineSummary(
                        known.project(),
                        known.warehouse(),
                        stageCount,
                        known.configured(),
                        known.removed(),
                        known.lastActivity()));
            }
            return summaries;
        } catch (SQLException e) {
            throw new ReadModelUnavailableException(e);
        }
    }

    /** Whether the read model knows {@code project}: its definition, a Freight or a promotion of it. */
    public boolean knows(String project) {
        try (Connection connection = sessions.read()) {
            return pipelines.find(connection, project).isPresent() || pipelines.seen(connection, project);
        } catch (SQLException e) {
            throw new ReadModelUnavailableException(e);
        }
    }

    /** The board of {@code project}; empty when the read model knows no such pipeline. */
    public Optional<Board> board(String project) {
        try (Connection connection = sessions.read()) {
            Optional<PipelineRow> row = pipelines.find(connection, project);
            if (row.isEmpty() && !pipelines.seen(connection, project)) {
                return Optional.empty();
            }
            PipelineDefinition definition = row.filter(stored -> !stored.removed())
                    .map(stored -> PipelineDefinition.read(json, stored.definition()))
                    .orElse(PipelineDefinition.NONE);
            List<StageDefinition> declared = definition.stages().isEmpty()
                    ? pipelines.stagesSeen(connection, project).stream()
                            .map(StageDefinition::seen)
                            .toList()
                    : definition.stages();
            String warehouseName = definition.warehouse() != null
                    ? definition.warehouse()
                    : row.map(PipelineRow::warehouse).orElse(null);
            Optional<WarehouseFreight> newest = stages.newestFreight(connection, project, warehouseName);
            Board.Warehouse warehouse = new Board.Warehouse(
                    warehouseName != null
                            ? warehouseName
                            : newest.map(WarehouseFreight::warehouse).orElse(null),
                    definition.subscriptions(),
                    newest.map(WarehouseFreight::freight).orElse(null));
            return Optional.of(new Board(
                    project,
                    !definition.stages().isEmpty(),
                    row.map(PipelineRow::removed).orElse(false),
                    definition.file(),
                    row.map(PipelineRow::configuredAt).orElse(null),
                    warehouse,
                    stageBoards(connection, project, declared)));
        } catch (SQLException e) {
            throw new ReadModelUnavailableException(e);
        }
    }

    private List<StageBoard> stageBoards(Connection connection, String project, List<StageDefinition> declared)
            throws SQLException {
        List<String> names = declared.stream().map(StageDefinition::name).toList();
        Map<String, CurrentState> current = stages.current(connection, project, names);
        Map<String, PromotionSummary> latest = stages.latest(connection, project, names);
        Map<String, StageBoard.Hold> holds = stages.holds(connection, project);
        Map<String, List<PendingApproval>> waiting = pendingApprovals(connection, project, declared);
        List<StageBoard> boards = new ArrayList<>();
        for (StageDefinition stage : declared) {
            CurrentState state = current.get(stage.name());
            boards.add(new StageBoard(
                    stage.name(),
                    stage.declared(),
                    stage.upstream(),
                    stage.fromWarehouse(),
                    stage.autoPromotion(),
                    stage.requiredApprovals(),
                    stage.approverRole(),
                    stage.soakSeconds(),
                    state == null ? null : state.current(),
                    latest.get(stage.name()),
                    stage.healthGate(),
                    stage.analysisTemplates(),
                    state == null ? null : state.verification(),
                    stage.windows(),
                    holds.getOrDefault(stage.name(), StageBoard.Hold.NONE),
                    waiting.getOrDefault(stage.name(), List.of())));
        }
        return boards;
    }

    /**
     * The Pending promotions that wait for reviewers, by stage: those of a stage that requires approvals, and, of a
     * stage whose definition is not known, those some reviewer already decided on.
     */
    private Map<String, List<PendingApproval>> pendingApprovals(
            Connection connection, String project, List<StageDefinition> declared) throws SQLException {
        Map<String, StageDefinition> byName = new LinkedHashMap<>();
        declared.forEach(stage -> byName.put(stage.name(), stage));
        List<StagePromotion> candidates = stages.pending(connection, project).stream()
                .filter(pending -> byName.containsKey(pending.stage()))
                .filter(pending -> !byName.get(pending.stage()).declared()
                        || byName.get(pending.stage()).requiredApprovals() > 0)
                .toList();
        Map<String, Reviews> reviews = new LinkedHashMap<>();
        candidates.forEach(pending -> reviews.put(pending.promotion().id(), new Reviews()));
        for (ReviewDecision decision : stages.decisions(connection, reviews.keySet())) {
            reviews.get(decision.promotionId()).add(decision);
        }
        Map<String, List<PendingApproval>> waiting = new LinkedHashMap<>();
        for (StagePromotion pending : candidates) {
            StageDefinition stage = byName.get(pending.stage());
            Reviews decided = reviews.get(pending.promotion().id());
            if (stage.declared() || !decided.isEmpty()) {
                waiting.computeIfAbsent(pending.stage(), name -> new ArrayList<>())
                        .add(new PendingApproval(
                                pending.promotion(),
                                stage.declared() ? stage.requiredApprovals() : null,
                                List.copyOf(decided.approved),
                                !decided.rejected.isEmpty(),
                                List.copyOf(decided.rejected)));
            }
        }
        return waiting;
    }

    /** The decisions on one promotion, split by kind (the contract names them approved and rejected). */
    private static final class Reviews {
        private final List<PendingApproval.Decision> approved = new ArrayList<>();
        private final List<PendingApproval.Decision> rejected = new ArrayList<>();

        void add(ReviewDecision decision) {
            String kind = decision.decision() == null ? "" : decision.decision().toLowerCase(Locale.ROOT);
            if (kind.startsWith("approv")) {
                approved.add(decision.made());
            } else if (kind.startsWith("reject")) {
                rejected.add(decision.made());
            }
        }

        boolean isEmpty() {
            return approved.isEmpty() && rejected.isEmpty();
        }
    }
}
