package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.BuildRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A build taken from build-worker's queue: when it was queued and started (the timeline's queue time), and which
 * attempt this is. It never moves a build that has ended back to running, whichever arrives first.
 */
@ApplicationScoped
public class BuildStartedProjector implements Projector<BuildStarted> {

    private final BuildRepository builds;

    public BuildStartedProjector(BuildRepository builds) {
        this.builds = builds;
    }

    @Override
    public EventType<BuildStarted> type() {
        return EventType.BUILD_STARTED;
    }

    @Override
    public EventKeys keys(BuildStarted event) {
        return new EventKeys(event.startedAt(), event.source().commit(), null, null, null, null);
    }

    /** One start (attempt) of a build, published again under a new id. */
    @Override
    public String identity(BuildStarted event) {
        return event.buildId() + "#" + event.attempt();
    }

    @Override
    public void project(EventEnvelope<BuildStarted> event, Connection connection) throws SQLException {
        builds.started(connection, event.data());
    }
}
