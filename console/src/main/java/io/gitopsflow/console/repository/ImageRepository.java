package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import io.gitopsflow.events.ImagePublished;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The {@code image} table: each published image (repository and digest), built by build-worker or elsewhere. The same
 * digest announced again (a new tag, a registry's notification of build-worker's push) adds its tags; the earliest
 * announcement says when it was published and by whom, whichever arrives first.
 */
@ApplicationScoped
public class ImageRepository {

    private static final String UPSERT = "insert into image as i (repository, digest, tags, commit_sha, origin,"
            + " build_id, published_at) values (?, ?, cast(? as jsonb), ?, ?, ?, ?)"
            + " on conflict (repository, digest) do update set"
            + " tags = (select jsonb_agg(distinct tag order by tag)"
            + " from jsonb_array_elements_text(i.tags || excluded.tags) as tag),"
            + " commit_sha = coalesce(i.commit_sha, excluded.commit_sha),"
            + " origin = case when excluded.published_at < i.published_at then excluded.origin else i.origin end,"
            + " build_id = case when excluded.published_at < i.published_at"
            + " then coalesce(excluded.build_id, i.build_id) else coalesce(i.build_id, excluded.build_id) end,"
            + " published_at = least(i.published_at, excluded.published_at)";

    /** Records {@code image}, or adds its tags to the same digest known already. */
    public void published(Connection connection, ImagePublished image) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, image.imageRepository());
            statement.setString(2, image.digest());
            // sorted, as the merge of two announcements sorts them: the row does not depend on their order
            statement.setString(3, Json.of(new TreeSet<>(image.tags())));
            statement.setString(
                    4, image.source() == null ? null : image.source().commit());
            statement.setString(
                    5, image.origin().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            statement.setString(6, image.buildId());
            statement.setTimestamp(7, timestamp(image.publishedAt()));
            statement.executeUpdate();
        }
    }
}
