package io.gitopsflow.console.service;

import io.gitopsflow.console.api.CommitHeader;
import io.gitopsflow.console.repository.CommitRepository;
import io.gitopsflow.console.repository.ReadModelSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/**
 * The message and author of the commits a page shows (a board's Freight follow commits by SHA only): one query for
 * all of them, from the pushes the read model recorded. A commit pushed before the console listened has none.
 */
@ApplicationScoped
public class CommitHeaders {

    private final ReadModelSessions sessions;
    private final CommitRepository commits;

    public CommitHeaders(ReadModelSessions sessions, CommitRepository commits) {
        this.sessions = sessions;
        this.commits = commits;
    }

    /** The headers of {@code shas} that the read model knows, by SHA. */
    public Map<String, CommitHeader> of(Collection<String> shas) {
        try (Connection connection = sessions.read()) {
            return commits.headers(connection, shas);
        } catch (SQLException e) {
            throw new ReadModelUnavailableException(e);
        }
    }
}
