package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.spec.pipeline.Subscription;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which of a Warehouse's Freight is newest: by the first subscription's strategy (the highest version for semver, the
 * last tag for lexical, the latest publish time for digest, and for newest the latest publish time except that
 * build-worker's builds of one branch rank by build number — push order — so a late rebuild of an older commit never
 * outranks a later commit), whatever order the images arrived in.
 */
public final class FreightOrder {

    private static final Comparator<Instant> TIME = Comparator.nullsFirst(Comparator.naturalOrder());

    private FreightOrder() {}

    /** Orders Freight (given by its artifacts) oldest first under {@code primary}, knowing no other Freight. */
    public static Comparator<List<Artifact>> oldestFirst(Subscription primary) {
        return oldestFirst(primary, List.of());
    }

    /**
     * Orders Freight (given by its artifacts) oldest first under {@code primary}; {@code known} is the Warehouse's
     * Freight whose builds place a rebuild among its branch's (a build ranks no later than any later-numbered build of
     * its branch that was published before it).
     */
    public static Comparator<List<Artifact>> oldestFirst(Subscription primary, Collection<List<Artifact>> known) {
        Comparator<Artifact> byArtifact = switch (primary.strategy()) {
            case SEMVER, LEXICAL ->
                Comparator.comparing(Artifact::tag, TagSelector.tagOrder(primary.strategy()))
                        .thenComparing(Artifact::publishedAt, TIME);
            case NEWEST ->
                byBuildOrder(known.stream()
                        .map(artifacts -> primaryOf(artifacts, primary))
                        .filter(a -> a != null && a.buildNumber() != null)
                        .toList());
            case DIGEST -> Comparator.comparing(Artifact::publishedAt, TIME).thenComparing(Artifact::tag);
        };
        return Comparator.comparing(artifacts -> primaryOf(artifacts, primary), Comparator.nullsFirst(byArtifact));
    }

    /**
     * Publish time, with each numbered build ranked at the earliest publish time of itself and the later-numbered
     * builds of its branch, then the build number: one key per artifact, so the order is total and transitive even
     * when numbered and other images mix, and within a branch it is the build numbers' order.
     */
    static Comparator<Artifact> byBuildOrder(List<Artifact> builds) {
        return Comparator.comparing((Artifact a) -> rankTime(a, builds), TIME)
                .thenComparing(a -> a.buildNumber() == null ? 0L : a.buildNumber())
                .thenComparing(Artifact::publishedAt, TIME)
                .thenComparing(Artifact::tag);
    }

    private static Instant rankTime(Artifact artifact, List<Artifact> builds) {
        Instant time = artifact.publishedAt();
        if (artifact.buildNumber() == null) {
            return time;
        }
        for (Artifact later : builds) {
            if (later.sameBranchBuilds(artifact)
                    && later.buildNumber() > artifact.buildNumber()
                    && TIME.compare(later.publishedAt(), time) < 0) {
                time = later.publishedAt();
            }
        }
        return time;
    }

    private static Artifact primaryOf(List<Artifact> artifacts, Subscription primary) {
        return artifacts.stream()
                .filter(a -> Objects.equals(a.repository(), primary.imageRepository()))
                .findFirst()
                .orElse(null);
    }
}
