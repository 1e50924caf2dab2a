package io.gitopsflow.spec.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * What a pipeline subscribes to (images, Helm charts, Git branches, as Kargo's Warehouse); a Freight holds one artifact
 * of each subscription and is made when a new eligible artifact arrives and the criteria (if any) admit the set.
 *
 * @param name the Warehouse's name (the pipeline's name unless the file says otherwise)
 * @param subscriptions one per image repository, the first one orders the Freight
 * @param charts one per chart repository
 * @param git one per Git repository
 * @param criteria the {@code freightCreationCriteria} a new Freight must satisfy, or null
 */
public record Warehouse(
        String name,
        List<Subscription> subscriptions,
        List<ChartSubscription> charts,
        List<GitSubscription> git,
        FreightCriteria criteria) {

    public Warehouse {
        subscriptions = List.copyOf(subscriptions);
        charts = List.copyOf(charts);
        git = List.copyOf(git);
    }

    /** A Warehouse of image subscriptions only. */
    public Warehouse(String name, List<Subscription> subscriptions) {
        this(name, subscriptions, List.of(), List.of(), null);
    }

    /** The subscription of {@code imageRepository}, if the Warehouse has one. */
    public Optional<Subscription> subscription(String imageRepository) {
        return subscriptions.stream()
                .filter(s -> s.imageRepository().equals(imageRepository))
                .findFirst();
    }

    /** The subscription of {@code chartRepository} (without {@code oci://}), if the Warehouse has one. */
    public Optional<ChartSubscription> chart(String chartRepository) {
        return charts.stream()
                .filter(s -> s.chartRepository().equals(chartRepository))
                .findFirst();
    }

    /** The subscription of the Git repository {@code repositoryUrl}, if the Warehouse has one. */
    public Optional<GitSubscription> git(String repositoryUrl) {
        return git.stream().filter(s -> s.repositoryUrl().equals(repositoryUrl)).findFirst();
    }

    /** How many subscriptions of every kind it has. */
    public int size() {
        return subscriptions.size() + charts.size() + git.size();
    }
}
