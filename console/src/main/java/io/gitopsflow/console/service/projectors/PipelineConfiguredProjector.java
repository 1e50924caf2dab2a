package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.PipelineDefinitionRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/** A pipeline's definition taken into force (or its removal): the board's stages, in order, with what each needs. */
@ApplicationScoped
public class PipelineConfiguredProjector implements Projector<PipelineConfigured> {

    private final PipelineDefinitionRepository pipelines;

    public PipelineConfiguredProjector(PipelineDefinitionRepository pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public EventType<PipelineConfigured> type() {
        return EventType.PIPELINE_CONFIGURED;
    }

    @Override
    public EventKeys keys(PipelineConfigured event) {
        return new EventKeys(event.configuredAt(), null, event.project(), null, null, null);
    }

    @Override
    public void project(EventEnvelope<PipelineConfigured> event, Connection connection) throws SQLException {
        pipelines.configured(connection, event.data());
    }
}
