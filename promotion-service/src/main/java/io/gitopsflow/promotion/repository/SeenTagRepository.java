package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.SeenTag;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** The tags seen per image repository, the newest {@link #KEPT} of each. */
@ApplicationScoped
public class SeenTagRepository implements PanacheRepositoryBase<SeenTag, String> {

    /** How many tags of one repository are kept: enough to tell a pattern that selects nothing from bad luck. */
    public static final int KEPT = 500;

    /** Records {@code tag} as seen at {@code at}; a tag seen again moves to {@code at}. */
    public Uni<Void> record(String repository, String tag, OffsetDateTime at) {
        return findById(SeenTag.key(repository, tag)).chain(found -> {
            if (found != null) {
                if (found.seenAt.isBefore(at)) {
                    found.seenAt = at;
                }
                return Uni.createFrom().voidItem();
            }
            SeenTag seen = new SeenTag();
            seen.id = SeenTag.key(repository, tag);
            seen.imageRepository = repository;
            seen.tag = tag;
            seen.seenAt = at;
            return persist(seen).replaceWithVoid();
        });
    }

    /** Forgets the repository's tags older than its newest {@link #KEPT}. */
    public Uni<Void> prune(String repository) {
        return find("imageRepository", Sort.descending("seenAt"), repository)
                .page(KEPT, 1)
                .firstResult()
                .chain(oldestKept -> oldestKept == null
                        ? Uni.createFrom().voidItem()
                        : delete("imageRepository = ?1 and seenAt < ?2", repository, oldestKept.seenAt)
                                .replaceWithVoid());
    }

    /** The repository's tags, newest first. */
    public Uni<List<SeenTag>> byRepository(String repository) {
        return list("imageRepository", Sort.descending("seenAt", "tag"), repository);
    }
}
