package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.BuildRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/** A build that failed: its row ends failed, with the step, the reason and how long each step took. */
@ApplicationScoped
public class BuildFailedProjector implements Projector<BuildFailed> {

    private final BuildRepository builds;

    public BuildFailedProjector(BuildRepository builds) {
        this.builds = builds;
    }

    @Override
    public EventType<BuildFailed> type() {
        return EventType.BUILD_FAILED;
    }

    @Override
    public EventKeys keys(BuildFailed event) {
        return new EventKeys(event.failedAt(), event.source().commit(), null, null, null, null);
    }

    /** One end of a build, published again under a new id by build-worker's outbox. */
    @Override
    public String identity(BuildFailed event) {
        return event.buildId() + "@" + event.failedAt();
    }

    @Override
    public void project(EventEnvelope<BuildFailed> event, Connection connection) throws SQLException {
        builds.failed(connection, event.data());
    }
}
