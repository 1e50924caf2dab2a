package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.ManifestWriteRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * gitops-writer's answer to a write: the GitOps commit (or pull request, or failure) of a promotion. It names no
 * application commit: the projection files it under its promotion's commit, now or once that is known.
 */
@ApplicationScoped
public class ManifestUpdatedProjector implements Projector<ManifestUpdated> {

    private final ManifestWriteRepository writes;

    public ManifestUpdatedProjector(ManifestWriteRepository writes) {
        this.writes = writes;
    }

    @Override
    public EventType<ManifestUpdated> type() {
        return EventType.MANIFEST_UPDATED;
    }

    @Override
    public EventKeys keys(ManifestUpdated event) {
        // event.commit() is the GitOps repository's commit, not the application commit the flow is filed under
        return new EventKeys(
                event.updatedAt(), null, event.project(), event.stage(), event.promotionId(), event.freightId());
    }

    /** One answer to a write request, published again under a new id by gitops-writer's outbox. */
    @Override
    public String identity(ManifestUpdated event) {
        return event.requestId() + "@" + event.updatedAt();
    }

    @Override
    public void project(EventEnvelope<ManifestUpdated> event, Connection connection) throws SQLException {
        writes.updated(connection, event.data());
    }
}
