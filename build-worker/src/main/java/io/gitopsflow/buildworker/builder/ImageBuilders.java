package io.gitopsflow.buildworker.builder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every {@link ImageBuilder} bean, by name: a new builder class is found here without any other change. */
@ApplicationScoped
public class ImageBuilders {

    private final Map<String, ImageBuilder> byName = new TreeMap<>();

    public ImageBuilders(@Any Instance<ImageBuilder> builders) {
        for (ImageBuilder builder : builders) {
            ImageBuilder before = byName.put(builder.name(), builder);
            if (before != null) {
                throw new IllegalStateException("two image builders are named " + builder.name() + ": "
                        + before.getClass().getName() + " and "
                        + builder.getClass().getName());
            }
        }
    }

    /** The builder named {@code name}, as build.yaml's {@code builder} names it. */
    public Optional<ImageBuilder> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names build.yaml may give, in order. */
    public Set<String> names() {
        return Set.copyOf(byName.keySet());
    }
}
