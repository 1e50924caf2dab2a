package io.gitopsflow.console.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.repository.PipelineRepository;
import io.gitopsflow.console.repository.PipelineRepository.PipelineRow;
import io.gitopsflow.console.service.PipelineDefinition.StageDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline's stages in pipeline order, as the board orders them: those its definition declares, or, without a
 * definition (not arrived yet, or removed), the stages its promotions went to in the order of their first promotion.
 */
@ApplicationScoped
public class PipelineStages {

    private final PipelineRepository pipelines;
    private final ObjectMapper json;

    public PipelineStages(PipelineRepository pipelines, ObjectMapper json) {
        this.pipelines = pipelines;
        this.json = json;
    }

    /** The stage names of {@code project} in pipeline order; empty when the read model knows no such pipeline. */
    public Optional<List<String>> of(Connection connection, String project) throws SQLException {
        Optional<PipelineRow> row = pipelines.find(connection, project);
        if (row.isEmpty() && !pipelines.seen(connection, project)) {
            return Optional.empty();
        }
        List<String> declared = row
                .filter(stored -> !stored.removed())
                .map(stored -> PipelineDefinition.read(json, stored.definition()))
                .orElse(PipelineDefinition.NONE)
                .stages()
                .stream()
                .map(StageDefinition::name)
                .toList();
        return Optional.of(declared.isEmpty() ? pipelines.stagesSeen(connection, project) : declared);
    }
}
