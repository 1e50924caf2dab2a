package io.gitopsflow.console.service;

import io.gitopsflow.console.repository.FlowEventRepository;
import io.gitopsflow.console.repository.ReadModelSessions;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.messaging.EventTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    private final EventTracing tracing;

    public Projection(
            Projectors projectors,
            FlowEventRepository events,
            ReadModelSessions sessions,
            @Any Instance<ProjectionObserver> observers,
            EventTracing tracing) {
        this.projectors = projectors;
        this.events = events;
        this.sessions = sessions;
        this.observers = observers;
        this.tracing = tracing;
    }

    /**
     * Applies {@code records} to the read model in {@code schema}, telling the observers when {@code live}. The poll
     * runs first without a savepoint per event (each is a round trip); only when the read model refuses an event's
     * content is the poll rolled back and applied again with one savepoint per event, so the refused event is set apart
     * and the rest commits.
     *
     * @throws SQLException when the database failed (an outage: nothing of the poll was committed)
     */
    public ProjectionResult apply(List<IncomingEvent> records, ReadModelSchema schema, boolean live)
            throws SQLException {
        try {
            return applyPoll(records, schema, live, false);
        } catch (ContentRefused refused) {
            return applyPoll(records, schema, live, true);
        }
    }

    private ProjectionResult applyPoll(
            List<IncomingEvent> records, ReadModelSchema schema, boolean live, boolean guarded) throws SQLException {
        try (Connection connection = sessions.open(schema)) {
            Poll poll = new Poll(connection, guarded);
            try {
                for (IncomingEvent record : records) {
                    applyOne(record, poll);
                }
                if (live && !poll.projected.isEmpty()) {
                    for (ProjectionObserver observer : observers) {
                        observer.projected(poll.projected, connection);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            return new ProjectionResult(List.copyOf(poll.projected), poll.duplicates, List.copyOf(poll.poison));
        }
    }

    /** One poll's transaction and what it did so far. */
    private static final class Poll {

        private final Connection connection;
        private final boolean guarded;
        private final List<ProjectedEvent> projected = new ArrayList<>();
        private final List<PoisonEvent> poison = new ArrayList<>();
        // promotions whose earlier events were filed under their commit in this poll already, and those of them that
        // got an unfiled event since
        private final Set<String> filed = new HashSet<>();
        private final Set<String> unfiled = new HashSet<>();
        private int duplicates;

        Poll(Connection connection, boolean guarded) {
            this.connection = connection;
            this.guarded = guarded;
        }
    }

    /** The read model refused an event's content in a poll applied without savepoints: apply it again with them. */
    private static final class ContentRefused extends RuntimeException {

        ContentRefused() {
            super(null, null, false, false);
        }
    }

    private void applyOne(IncomingEvent record, Poll poll) throws SQLException {
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
            poll.poison.add(new PoisonEvent(record, e.getMessage()));
            return;
        }
        // the projection of one event is the CONSUMER span of its hop into the console, in the change's trace
        Span span = tracing.consumer(record.topic(), event.attributes());
        try (Scope ignored = span.makeCurrent()) {
            projectGuarded(record, event, projector, poll);
        } finally {
            span.end();
        }
    }

    private void projectGuarded(
            IncomingEvent record, EventEnvelope<GitopsFlowEvent> event, Projector<GitopsFlowEvent> projector, Poll poll)
            throws SQLException {
        Savepoint savepoint = poll.guarded ? poll.connection.setSavepoint() : null;
        try {
            projectOne(record, event, projector, poll);
            if (savepoint != null) {
                poll.connection.releaseSavepoint(savepoint);
            }
        } catch (SQLException e) {
            if (!ReadModelSessions.isContentError(e)) {
                throw e;
            }
            refuse(record, event, poll, savepoint, e.getMessage());
        } catch (IllegalArgumentException e) {
            refuse(record, event, poll, savepoint, e.getMessage());
        }
    }

    private void projectOne(
            IncomingEvent record, EventEnvelope<GitopsFlowEvent> event, Projector<GitopsFlowEvent> projector, Poll poll)
            throws SQLException {
        Connection connection = poll.connection;
        EventKeys keys = fileUnderCommit(projector.keys(event.data()), event.attributes(), connection);
        String identity = projector.identity(event.data());
        if (!events.store(connection, record.topic(), event, record.value(), keys, identity)) {
            poll.duplicates++;
            return;
        }
        projector.project(event, connection);
        String promotion = keys.promotionId();
        if (promotion != null && keys.commitSha() == null) {
            poll.unfiled.add(promotion);
        } else if (promotion != null && (poll.filed.add(promotion) | poll.unfiled.remove(promotion))) {
            events.fileUnderCommit(connection, promotion, keys.commitSha());
        }
        poll.projected.add(new ProjectedEvent(event, keys));
    }

    private static void refuse(
            IncomingEvent record, EventEnvelope<?> event, Poll poll, Savepoint savepoint, String reason)
            throws SQLException {
        if (savepoint == null) {
            throw new ContentRefused();
        }
        poll.connection.rollback(savepoint);
        Log.warnf(
                "event %s (%s) contradicts the read model: %s; sending it to %s.dlq",
                event.attributes().id(), record.position(), reason, record.topic());
        poll.poison.add(new PoisonEvent(record, "the read model refused it: " + reason));
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
