package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.FreightRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/** A Freight a Warehouse made: the board's "current Freight" and the timeline's step after the image. */
@ApplicationScoped
public class FreightCreatedProjector implements Projector<FreightCreated> {

    private final FreightRepository freight;

    public FreightCreatedProjector(FreightRepository freight) {
        this.freight = freight;
    }

    @Override
    public EventType<FreightCreated> type() {
        return EventType.FREIGHT_CREATED;
    }

    @Override
    public EventKeys keys(FreightCreated event) {
        return new EventKeys(event.createdAt(), event.sourceCommit(), event.project(), null, null, event.freightId());
    }

    @Override
    public void project(EventEnvelope<FreightCreated> event, Connection connection) throws SQLException {
        freight.created(connection, event.data());
    }
}
