package io.gitopsflow.console.service;

import io.gitopsflow.events.GitopsFlowEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Every {@link Projector} bean, found by the CloudEvent type it reads. */
@ApplicationScoped
public class Projectors {

    private final Map<String, Projector<?>> byType = new HashMap<>();

    public Projectors(@Any Instance<Projector<?>> projectors) {
        for (Projector<?> projector : projectors) {
            for (String type : projector.type().readableTypes()) {
                Projector<?> before = byType.put(type, projector);
                if (before != null) {
                    throw new IllegalStateException("two projectors read " + type + ": "
                            + before.getClass().getName() + " and "
                            + projector.getClass().getName());
                }
            }
        }
    }

    /** The projector of events of {@code cloudEventType}, if the console reads that type. */
    @SuppressWarnings("unchecked")
    public <T extends GitopsFlowEvent> Optional<Projector<T>> forType(String cloudEventType) {
        return Optional.ofNullable((Projector<T>) byType.get(cloudEventType));
    }
}
