package io.gitopsflow.console.service;

import io.gitopsflow.console.api.CommitMatch;
import io.gitopsflow.console.repository.CommitRepository;
import io.gitopsflow.console.repository.ReadModelSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Finds the pushed commits a SHA prefix names, for the pages' search box: people copy seven characters from a log
 * line or a tag ({@code main-1a2b3c4-5}), not forty.
 */
@ApplicationScoped
public class CommitSearch {

    private final ReadModelSessions sessions;
    private final CommitRepository commits;

    public CommitSearch(ReadModelSessions sessions, CommitRepository commits) {
        this.sessions = sessions;
        this.commits = commits;
    }

    /** At most {@code limit} pushed commits starting with {@code prefix} (checked lower-case hex), latest first. */
    public List<CommitMatch> startingWith(String prefix, int limit) {
        try (Connection connection = sessions.read()) {
            return commits.startingWith(connection, prefix, limit);
        } catch (SQLException e) {
            throw new IllegalStateException("the read model cannot be read: " + e.getMessage(), e);
        }
    }
}
