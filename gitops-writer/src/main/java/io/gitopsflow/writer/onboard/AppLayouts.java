package io.gitopsflow.writer.onboard;

import io.gitopsflow.events.validation.InvalidNameException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Every {@link AppLayout} bean, by name: a new layout class is found here without any other change. */
@ApplicationScoped
public class AppLayouts {

    private final Map<String, AppLayout> byName = new TreeMap<>();

    @Inject
    public AppLayouts(@Any Instance<AppLayout> layouts) {
        this(layouts.stream().toList());
    }

    /** The given layouts, for code that runs without CDI. */
    public AppLayouts(Collection<? extends AppLayout> layouts) {
        for (AppLayout layout : layouts) {
            if (byName.put(layout.name(), layout) != null) {
                throw new IllegalStateException("two onboarding layouts are named " + layout.name());
            }
        }
    }

    /** The layout named {@code name}, or an {@link InvalidNameException} naming the known ones. */
    public AppLayout get(String name) {
        AppLayout layout = byName.get(name);
        if (layout == null) {
            throw new InvalidNameException("layout", name, "must be one of " + byName.keySet());
        }
        return layout;
    }
}
