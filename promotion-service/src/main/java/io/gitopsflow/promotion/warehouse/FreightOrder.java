package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.promotion.pipeline.Subscription;
import io.gitopsflow.promotion.pipeline.TagStrategy;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which of a Warehouse's Freight is newest: by the first subscription's strategy (the highest version for semver,
 * the last tag for lexical, the latest publish time for newest and digest), whatever order the images arrived in.
 */
public final class FreightOrder {

    private FreightOrder() {}

    /** Orders Freight (given by its artifacts) oldest first under {@code primary}. */
    public static Comparator<List<Artifact>> oldestFirst(Subscription primary) {
        Comparator<Artifact> byArtifact;
        if (primary.strategy() == TagStrategy.SEMVER || primary.strategy() == TagStrategy.LEXICAL) {
            byArtifact = Comparator.comparing(Artifact::tag, TagSelector.tagOrder(primary.strategy()))
                    .thenComparing(Artifact::publishedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
        } else {
            byArtifact = Comparator.comparing(
                            Artifact::publishedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                    .thenComparing(Artifact::tag);
        }
        Comparator<Artifact> nullsFirst = Comparator.nullsFirst(byArtifact);
        return Comparator.comparing(
                artifacts -> artifacts.stream()
                        .filter(a -> a.repository().equals(primary.imageRepository()))
                        .findFirst()
                        .orElse(null),
                nullsFirst);
    }
}
