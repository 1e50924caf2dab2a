package io.gitopsflow.spec.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * The image repositories a pipeline subscribes to; a matching {@code image-published} becomes Freight.
 *
 * @param name the Warehouse's name (the pipeline's name unless the file says otherwise)
 * @param subscriptions one per image repository, the first one orders the Freight
 */
public record Warehouse(String name, List<Subscription> subscriptions) {

    public Warehouse {
        subscriptions = List.copyOf(subscriptions);
    }

    /** The subscription of {@code imageRepository}, if the Warehouse has one. */
    public Optional<Subscription> subscription(String imageRepository) {
        return subscriptions.stream()
                .filter(s -> s.imageRepository().equals(imageRepository))
                .findFirst();
    }
}
