package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.CommitRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/** A push: the first step of its head commit's timeline ("delivery received, commit pushed"). */
@ApplicationScoped
public class CommitPushedProjector implements Projector<CommitPushed> {

    private final CommitRepository commits;

    public CommitPushedProjector(CommitRepository commits) {
        this.commits = commits;
    }

    @Override
    public EventType<CommitPushed> type() {
        return EventType.COMMIT_PUSHED;
    }

    @Override
    public EventKeys keys(CommitPushed event) {
        return new EventKeys(event.receivedAt(), event.after(), null, null, null, null);
    }

    @Override
    public void project(EventEnvelope<CommitPushed> event, Connection connection) throws SQLException {
        commits.pushed(connection, event.data());
    }
}
