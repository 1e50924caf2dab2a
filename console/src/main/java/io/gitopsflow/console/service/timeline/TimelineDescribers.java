package io.gitopsflow.console.service.timeline;

import io.gitopsflow.events.GitopsFlowEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Every {@link TimelineDescriber} bean, found by the CloudEvent type it reads. */
@ApplicationScoped
public class TimelineDescribers {

    private final Map<String, TimelineDescriber<?>> byType = new HashMap<>();

    public TimelineDescribers(@Any Instance<TimelineDescriber<?>> describers) {
        for (TimelineDescriber<?> describer : describers) {
            for (String type : describer.type().readableTypes()) {
                TimelineDescriber<?> before = byType.put(type, describer);
                if (before != null) {
                    throw new IllegalStateException("two timeline describers read " + type + ": "
                            + before.getClass().getName() + " and "
                            + describer.getClass().getName());
                }
            }
        }
    }

    /** The describer of events of {@code cloudEventType}, if the timeline describes that type. */
    @SuppressWarnings("unchecked")
    public <T extends GitopsFlowEvent> Optional<TimelineDescriber<T>> forType(String cloudEventType) {
        return Optional.ofNullable((TimelineDescriber<T>) byType.get(cloudEventType));
    }
}
