package io.gitopsflow.console.service;

import io.gitopsflow.console.api.FreightEntry;
import io.gitopsflow.console.api.FreightList;
import io.gitopsflow.console.repository.BoardRepository;
import io.gitopsflow.console.repository.BoardRepository.CurrentState;
import io.gitopsflow.console.repository.FreightPageRepository;
import io.gitopsflow.console.repository.FreightPageRepository.FreightRow;
import io.gitopsflow.console.repository.FreightPageRepository.StagePromotion;
import io.gitopsflow.console.repository.ReadModelSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline's Freight, newest first, each with its state in every stage: the stage's latest promotion of it, whether
 * it runs there, and whether it is older than what runs there (promoting it would be a rollback). What the Freight
 * page and {@code get freight} show; only reads.
 */
@ApplicationScoped
public class FreightQueries {

    /** The most Freight one page may hold. */
    public static final int MAX_LIMIT = 200;

    private final ReadModelSessions sessions;
    private final PipelineStages pipelineStages;
    private final FreightPageRepository freight;
    private final BoardRepository stages;

    public FreightQueries(
            ReadModelSessions sessions,
            PipelineStages pipelineStages,
            FreightPageRepository freight,
            BoardRepository stages) {
        this.sessions = sessions;
        this.pipelineStages = pipelineStages;
        this.freight = freight;
        this.stages = stages;
    }

    /**
     * At most {@code limit} (1 to {@link #MAX_LIMIT}) Freight of {@code project}, newest first, after {@code before};
     * empty when the read model knows no such pipeline.
     */
    public Optional<FreightList> page(String project, Optional<PageCursor> before, int limit) {
        try (Connection connection = sessions.read()) {
            Optional<List<String>> names = pipelineStages.of(connection, project);
            if (names.isEmpty()) {
                return Optional.empty();
            }
            PageCursor.Slice<FreightRow> slice = PageCursor.slice(
                    freight.page(
                            connection,
                            project,
                            before.map(PageCursor::at).orElse(null),
                            before.map(PageCursor::id).orElse(null),
                            limit + 1),
                    limit,
                    row -> new PageCursor(row.cursorAt(), row.id()));
            List<FreightRow> page = slice.rows();
            Map<String, CurrentState> current = stages.current(connection, project, names.get());
            Map<String, Map<String, FreightEntry.LatestPromotion>> latest = new HashMap<>();
            for (StagePromotion state : freight.stageStates(
                    connection, project, page.stream().map(FreightRow::id).toList(), names.get())) {
                latest.computeIfAbsent(state.freightId(), id -> new HashMap<>()).put(state.stage(), state.promotion());
            }
            List<FreightEntry> entries = new ArrayList<>();
            for (FreightRow row : page) {
                entries.add(entry(row, names.get(), current, latest.getOrDefault(row.id(), Map.of())));
            }
            return Optional.of(new FreightList(project, names.get(), entries, slice.next()));
        } catch (SQLException e) {
            throw new ReadModelUnavailableException(e);
        }
    }

    /**
     * The Freight of {@code project} named {@code freight} (its id or alias) with its state in every stage, as on a
     * page; empty when the read model knows no such pipeline or Freight.
     */
    public Optional<FreightList> one(String project, String freight) {
        try (Connection connection = sessions.read()) {
            Optional<List<String>> names = pipelineStages.of(connection, project);
            if (names.isEmpty()) {
                return Optional.empty();
            }
            Optional<FreightRow> row = this.freight.find(connection, project, freight);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            Map<String, CurrentState> current = stages.current(connection, project, names.get());
            Map<String, FreightEntry.LatestPromotion> latest = new HashMap<>();
            for (StagePromotion state : this.freight.stageStates(
                    connection, project, List.of(row.get().id()), names.get())) {
                latest.put(state.stage(), state.promotion());
            }
            FreightEntry entry = entry(row.get(), names.get(), current, latest);
            return Optional.of(new FreightList(project, names.get(), List.of(entry), null));
        } catch (SQLException e) {
            throw new ReadModelUnavailableException(e);
        }
    }

    private static FreightEntry entry(
            FreightRow row,
            List<String> names,
            Map<String, CurrentState> current,
            Map<String, FreightEntry.LatestPromotion> latest) {
        List<FreightEntry.StageState> states = new ArrayList<>();
        for (String stage : names) {
            CurrentState running = current.get(stage);
            boolean isCurrent = running != null
                    && row.id().equals(running.current().freight().id());
            Instant runningSince =
                    running == null ? null : running.current().freight().createdAt();
            boolean older = !isCurrent
                    && runningSince != null
                    && row.createdAt() != null
                    && row.createdAt().isBefore(runningSince);
            states.add(new FreightEntry.StageState(stage, latest.get(stage), isCurrent, older));
        }
        return new FreightEntry(
                row.id(),
                row.alias(),
                row.warehouse(),
                row.artifacts().images(),
                row.artifacts().charts(),
                row.artifacts().commits(),
                row.commit(),
                row.createdAt(),
                states);
    }
}
