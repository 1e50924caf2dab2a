package io.gitopsflow.console.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.EventEnvelope;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Projects one kind of event into the read model's tables. One bean per event type, found by its CloudEvent type: a
 * new event of the contract is one new class. {@link #project} runs once per event id and schema, inside the poll's
 * transaction; it must tolerate any order across keys (a row it updates may not exist yet: upsert, and never move a
 * row back to an older state).
 *
 * @param <T> the event's data
 */
public interface Projector<T extends GitopsFlowEvent> {

    /** The event type this projector reads. */
    EventType<T> type();

    /** What the event is filed under, and when it happened. */
    EventKeys keys(T event);

    /**
     * What makes the event itself, beyond its CloudEvent id, or null when its id is its only identity: a producer
     * that republishes an answer after a crash may give the copy a new id (its outbox is at-least-once); two events of
     * one type with the same identity are one event, and the second changes nothing.
     */
    default String identity(T event) {
        return null;
    }

    /** Applies the event to the read model on {@code connection} (the poll's transaction). */
    void project(EventEnvelope<T> event, Connection connection) throws SQLException;
}
