package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.spec.pipeline.Subscription;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

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
     * when numbered and other images mix, and within a branch it is the build numbers' order. Each branch's builds are
     * indexed once (by number, the earliest publish time from each number on), so ranking Freight costs a lookup per
     * comparison rather than a pass over every build.
     */
    static Comparator<Artifact> byBuildOrder(List<Artifact> builds) {
        Map<List<String>, NavigableMap<Long, Instant>> earliestFrom = new HashMap<>();
        for (Artifact build : builds) {
            earliestFrom
                    .computeIfAbsent(branch(build), b -> new TreeMap<>())
                    .merge(build.buildNumber(), known(build.publishedAt()), FreightOrder::earlier);
        }
        for (NavigableMap<Long, Instant> branch : earliestFrom.values()) {
            Instant earliest = Instant.MAX;
            for (Map.Entry<Long, Instant> entry : branch.descendingMap().entrySet()) {
                earliest = earlier(earliest, entry.getValue());
                entry.setValue(earliest);
            }
        }
        return Comparator.comparing((Artifact a) -> rankTime(a, earliestFrom))
                .thenComparing(a -> a.buildNumber() == null ? 0L : a.buildNumber())
                .thenComparing(Artifact::publishedAt, TIME)
                .thenComparing(Artifact::tag);
    }

    private static Instant rankTime(Artifact artifact, Map<List<String>, NavigableMap<Long, Instant>> earliestFrom) {
        Instant own = known(artifact.publishedAt());
        if (artifact.buildNumber() == null) {
            return own;
        }
        NavigableMap<Long, Instant> branch = earliestFrom.get(branch(artifact));
        Map.Entry<Long, Instant> later = branch == null ? null : branch.higherEntry(artifact.buildNumber());
        return later == null ? own : earlier(own, later.getValue());
    }

    /** What {@link Artifact#sameBranchBuilds} compares: the image repository, the source repository and its ref. */
    private static List<String> branch(Artifact build) {
        return Arrays.asList(build.repository(), build.sourceRepository(), build.sourceRef());
    }

    /** A publish time to rank by: an unknown one (null) earliest, as {@link #TIME} orders it. */
    private static Instant known(Instant publishedAt) {
        return publishedAt == null ? Instant.MIN : publishedAt;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isAfter(b) ? b : a;
    }

    private static Artifact primaryOf(List<Artifact> artifacts, Subscription primary) {
        return artifacts.stream()
                .filter(a -> Objects.equals(a.repository(), primary.imageRepository()))
                .findFirst()
                .orElse(null);
    }
}
