package io.gitopsflow.console.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Told, inside the poll's transaction, which events the live projection applied for the first time: what it stores
 * there (a notification to send, a change to push) commits with the read model or not at all. A replay does not tell
 * observers: rebuilding the read model sends nothing again.
 */
public interface ProjectionObserver {

    /** {@code events} were applied on {@code connection}, in the order they were read. */
    void projected(List<ProjectedEvent> events, Connection connection) throws SQLException;
}
