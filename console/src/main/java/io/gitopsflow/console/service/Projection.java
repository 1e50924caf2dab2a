package io.gitopsflow.console.service;

import io.gitopsflow.console.repository.FlowEventRepository;
import io.gitopsflow.console.repository.ReadModelSessions;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Applies a poll of records to the read model in one transaction: each event is stored once under its CloudEvent id
 * (a redelivered or duplicated event changes nothing), filed under its commit (resolved through its promotion or
 * Freight when it names no commit, and filed again when the commit becomes known later), and handed to its
 * {@link Projector}. A record that is not an event of the contract, or whose content the read model refuses, is set
 * apart for the dead-letter topic and the rest of the poll goes on; any other failure (the database is away) fails the
 * whole poll, which the caller retries: nothing was committed, and what a retry applies again it finds already stored.
 */
@ApplicationScoped
public class Projection {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    private final Projectors projectors;
    private final FlowEventRepository events;
    private final ReadModelSessions sessions;
    private final Instance<ProjectionObserver> observers;

    public Projection(
            Projectors projectors,
            FlowEventRepository events,
            ReadModelSessions sessions,
            @Any Instance<ProjectionObserver> observers) {
        this.projectors = projectors;
        this.events = events;
        this.sessions = sessions;
        this.observers = observers;
    }

    /**
     * Applies {@code records} to the read model in {@code schema}, telling the observers when {@code live}.
     *
     * @throws SQLException when the database failed (an outage: nothing of the poll was committed)
     */
    public ProjectionResult apply(List<IncomingEvent> records, ReadModelSchema schema, boolean live)
            throws SQLException {
        List<ProjectedEvent> projected = new ArrayList<>();
        List<PoisonEvent> poison = new ArrayList<>();
        int duplicates = 0;
        try (Connection connection = sessions.open(schema)) {
            try {
                for (IncomingEvent record : records) {
                    Outcome outcome = applyOne(record, connection, projected, poison);
                    if (outcome == Outcome.DUPLICATE) {
                        duplicates++;
                    }
                }
                if (live && !projected.isEmpty()) {
                    for (ProjectionObserver observer : observers) {
                        observer.projected(projected, connection);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return new ProjectionResult(List.copyOf(projected), duplicates, List.copyOf(poison));
    }

    private enum Outcome {
        PROJECTED,
        DUPLICATE,
        REFUSED
    }

    private Outcome applyOne(
            IncomingEvent record, Connection connection, List<ProjectedEvent> projected, List<PoisonEvent> poison)
            throws SQLException {
        EventEnvelope<GitopsFlowEvent> event;
        Projector<GitopsFlowEvent> projector;
        try {
            CloudEventAttributes attributes = KafkaCloudEventHeaders.fromHeaders(record.header());
            projector = projectors
                    .<GitopsFlowEvent>forType(attributes.type())
                    .orElseThrow(() ->
                            new InvalidEventException("the console does not read events of type " + attributes.type()));
            event = EventCodec.decode(projector.type(), record.header(), record.value());
        } catch (InvalidEventException e) {
            poison.add(new PoisonEvent(record, e.getMessage()));
            return Outcome.REFUSED;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            EventKeys keys = fileUnderCommit(projector.keys(event.data()), event.attributes(), connection);
            String identity = projector.identity(event.data());
            if (!events.store(connection, record.topic(), event, keys, identity)) {
                connection.releaseSavepoint(savepoint);
                return Outcome.DUPLICATE;
            }
            projector.project(event, connection);
            if (keys.commitSha() != null && keys.promotionId() != null) {
                events.fileUnderCommit(connection, keys.promotionId(), keys.commitSha());
            }
            connection.releaseSavepoint(savepoint);
            projected.add(new ProjectedEvent(event, keys));
            return Outcome.PROJECTED;
        } catch (SQLException e) {
            if (!ReadModelSessions.isContentError(e)) {
                throw e;
            }
            return refuse(record, event, connection, savepoint, poison, e.getMessage());
        } catch (IllegalArgumentException e) {
            return refuse(record, event, connection, savepoint, poison, e.getMessage());
        }
    }

    private static Outcome refuse(
            IncomingEvent record,
            EventEnvelope<?> event,
            Connection connection,
            Savepoint savepoint,
            List<PoisonEvent> poison,
            String reason)
            throws SQLException {
        connection.rollback(savepoint);
        Log.warnf(
                "event %s (%s) contradicts the read model: %s; sending it to %s.dlq",
                event.attributes().id(), record.position(), reason, record.topic());
        poison.add(new PoisonEvent(record, "the read model refused it: " + reason));
        return Outcome.REFUSED;
    }

    /** The commit of an event that names none: its correlation id, else its promotion's or its Freight's commit. */
    private EventKeys fileUnderCommit(EventKeys keys, CloudEventAttributes attributes, Connection connection)
            throws SQLException {
        if (keys.commitSha() != null) {
            return keys;
        }
        String correlation = attributes.correlationId();
        if (correlation != null && SHA.matcher(correlation).matches()) {
            return keys.withCommit(correlation);
        }
        return events.commitOf(connection, keys.promotionId(), keys.freightId())
                .map(keys::withCommit)
                .orElse(keys);
    }
}
