package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.spec.pipeline.ChartSubscription;
import io.gitopsflow.spec.pipeline.GitSubscription;
import io.gitopsflow.spec.pipeline.Subscription;
import io.gitopsflow.spec.pipeline.Warehouse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which artifacts a new Freight holds, as Kargo's Warehouse decides it: one per subscription, the new artifact for its
 * own and the newest eligible one of every other (images by their subscription's order, charts by semantic version
 * within the constraint, commits by push order); none while a subscription has no artifact yet.
 */
public final class FreightCombination {

    /**
     * The artifacts of the Freight, or what it still waits for.
     *
     * @param waitingFor the subscription that has no artifact yet, or null when the Freight can be made
     */
    public record Result(List<Artifact> images, List<ChartRef> charts, List<GitCommitRef> commits, String waitingFor) {

        static Result waiting(String what) {
            return new Result(List.of(), List.of(), List.of(), what);
        }
    }

    /**
     * What the Warehouse has seen so far.
     *
     * @param freight the images of each of the pipeline's Freight
     * @param images images seen, oldest first
     * @param charts charts seen, oldest first
     * @param commits commits seen, in push order
     */
    public record Seen(
            Collection<List<Artifact>> freight,
            List<Artifact> images,
            List<ChartRef> charts,
            List<GitCommitRef> commits) {

        public static Seen nothing(Collection<List<Artifact>> freight) {
            return new Seen(freight, List.of(), List.of(), List.of());
        }
    }

    private FreightCombination() {}

    /** The artifacts of the Freight {@code arrival} makes in {@code warehouse}, knowing what it has {@code seen}. */
    public static Result combine(Warehouse warehouse, Arrival arrival, Seen seen) {
        List<Artifact> images = new ArrayList<>();
        if (arrival.image() != null) {
            images.add(arrival.image());
        }
        for (Subscription other : warehouse.subscriptions()) {
            if (arrival.image() != null
                    && other.imageRepository().equals(arrival.image().repository())) {
                continue;
            }
            Optional<Artifact> newest = newestImage(other, seen);
            if (newest.isEmpty()) {
                return Result.waiting("an image of " + other.imageRepository());
            }
            images.add(newest.get());
        }
        List<ChartRef> charts = new ArrayList<>();
        for (ChartSubscription chart : warehouse.charts()) {
            Optional<ChartRef> newest =
                    arrival.chart() != null && arrival.chart().repository().equals(chart.chartRepository())
                            ? Optional.of(arrival.chart())
                            : newestChart(chart, seen.charts());
            if (newest.isEmpty()) {
                return Result.waiting("a version of chart " + chart.chartRepository());
            }
            charts.add(newest.get());
        }
        List<GitCommitRef> commits = new ArrayList<>();
        for (GitSubscription git : warehouse.git()) {
            Optional<GitCommitRef> newest =
                    arrival.commit() != null && arrival.commit().repositoryUrl().equals(git.repositoryUrl())
                            ? Optional.of(arrival.commit())
                            : newestCommit(git, seen.commits());
            if (newest.isEmpty()) {
                return Result.waiting("a commit of " + git.repositoryUrl() + " " + git.branch());
            }
            commits.add(newest.get());
        }
        return new Result(images, charts, commits, null);
    }

    /**
     * The artifacts of {@code arrival}'s subscription that a later Freight may still take, among those {@code seen}
     * (not counting the Freight's): the newest of each subscription to its repository (for Git, of each branch).
     */
    public static List<Arrival> newestOfSubscription(Warehouse warehouse, Arrival arrival, Seen seen) {
        String subscription = arrival.subscription();
        List<Arrival> newest = new ArrayList<>();
        if (arrival.image() != null) {
            List<List<Artifact>> known = seen.freight().stream().toList();
            warehouse
                    .subscription(subscription)
                    .flatMap(image -> seen.images().stream()
                            .filter(a -> a.repository().equals(subscription))
                            .max(Comparator.comparing(a -> List.of(a), FreightOrder.oldestFirst(image, known))))
                    .ifPresent(image -> newest.add(Arrival.of(image)));
        } else if (arrival.chart() != null) {
            warehouse
                    .chart(subscription)
                    .flatMap(chart -> newestChart(chart, seen.charts()))
                    .ifPresent(chart -> newest.add(Arrival.of(chart, null)));
        } else {
            warehouse.git().stream()
                    .filter(git -> git.repositoryUrl().equals(subscription))
                    .forEach(git -> newestCommit(git, seen.commits()).ifPresent(c -> newest.add(Arrival.of(c))));
        }
        return newest;
    }

    private static Optional<Artifact> newestImage(Subscription subscription, Seen seen) {
        List<List<Artifact>> known = seen.freight().stream().toList();
        return Stream.concat(known.stream().flatMap(List::stream), seen.images().stream())
                .filter(a -> a.repository().equals(subscription.imageRepository()))
                .max(Comparator.comparing(a -> List.of(a), FreightOrder.oldestFirst(subscription, known)));
    }

    private static Optional<ChartRef> newestChart(ChartSubscription subscription, List<ChartRef> charts) {
        ChartRef newest = null;
        for (ChartRef chart : charts) {
            if (chart.repository().equals(subscription.chartRepository())
                    && subscription.admits(chart.version())
                    && (newest == null
                            || ChartSubscription.version(chart.version())
                                            .compareTo(ChartSubscription.version(newest.version()))
                                    >= 0)) {
                newest = chart;
            }
        }
        return Optional.ofNullable(newest);
    }

    private static Optional<GitCommitRef> newestCommit(GitSubscription subscription, List<GitCommitRef> commits) {
        GitCommitRef newest = null;
        for (GitCommitRef commit : commits) {
            if (commit.repositoryUrl().equals(subscription.repositoryUrl())
                    && commit.branch().equals(subscription.branch())) {
                newest = commit;
            }
        }
        return Optional.ofNullable(newest);
    }
}
