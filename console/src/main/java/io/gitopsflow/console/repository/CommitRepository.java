package io.gitopsflow.console.repository;

import io.gitopsflow.console.api.CommitHeader;
import io.gitopsflow.console.api.CommitMatch;
import io.gitopsflow.events.CommitPushed;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code commit_push} table: each pushed head commit and the delivery that brought it; the board reads the
 * message and author of the commits its Freight follow from here.
 */
@ApplicationScoped
public class CommitRepository {

    // a commit pushed twice (to two branches, or re-delivered under a new delivery id) keeps its first push
    private static final String UPSERT = "insert into commit_push (commit_sha, repository, ref, message, author,"
            + " committed_at, received_at, delivery_id, provider) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (commit_sha) do nothing";
    // one primary-key probe per commit
    private static final String HEADERS = "select commit_sha, repository, ref, author, message, committed_at,"
            + " received_at from commit_push where commit_sha = any (cast(? as text[]))";
    // a byte-wise range over the V11 index commit_push_sha_prefix (text_pattern_ops): the same rows as
    // "like 'prefix%'" for a hex prefix, and usable by a generic plan too (a LIKE with a parameter is not)
    private static final String STARTING_WITH = "select commit_sha, repository, ref, author, message, committed_at,"
            + " received_at from commit_push where commit_sha ~>=~ ? and commit_sha ~<~ ?"
            + " order by received_at desc, commit_sha limit ?";

    /** Records the push of {@code push}'s head commit, unless that commit is known already. */
    public void pushed(Connection connection, CommitPushed push) throws SQLException {
        CommitPushed.Commit head = push.headCommit().orElse(null);
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, push.after());
            statement.setString(2, push.repository().fullName());
            statement.setString(3, push.ref());
            statement.setString(4, head == null ? null : head.message());
            statement.setString(
                    5,
                    head == null || head.author() == null ? null : head.author().name());
            statement.setTimestamp(6, timestamp(head == null ? null : head.timestamp()));
            statement.setTimestamp(7, timestamp(push.receivedAt()));
            statement.setString(8, push.deliveryId());
            statement.setString(9, push.provider().name().toLowerCase(java.util.Locale.ROOT));
            statement.executeUpdate();
        }
    }

    /** The pushes of {@code commits} that the read model has, by commit; a commit never pushed here is absent. */
    public Map<String, CommitHeader> headers(Connection connection, Collection<String> commits) throws SQLException {
        Map<String, CommitHeader> headers = new HashMap<>();
        if (commits.isEmpty()) {
            return headers;
        }
        try (PreparedStatement statement = connection.prepareStatement(HEADERS)) {
            statement.setArray(1, connection.createArrayOf("text", commits.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    headers.put(row.getString(1), header(row));
                }
            }
        }
        return headers;
    }

    /**
     * At most {@code limit} pushed commits whose SHA starts with {@code prefix} (lower-case hex), the latest pushed
     * first.
     */
    public List<CommitMatch> startingWith(Connection connection, String prefix, int limit) throws SQLException {
        char last = prefix.charAt(prefix.length() - 1);
        String after = prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
        List<CommitMatch> matches = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(STARTING_WITH)) {
            statement.setString(1, prefix);
            statement.setString(2, after);
            statement.setInt(3, limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    matches.add(new CommitMatch(row.getString(1), header(row)));
                }
            }
        }
        return matches;
    }

    // columns 2..7 of HEADERS and STARTING_WITH
    private static CommitHeader header(ResultSet row) throws SQLException {
        return new CommitHeader(
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                PipelineRepository.instant(row, 6),
                PipelineRepository.instant(row, 7));
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
