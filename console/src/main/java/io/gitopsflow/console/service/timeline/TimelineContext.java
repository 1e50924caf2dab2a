package io.gitopsflow.console.service.timeline;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.PromotionUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every decoded event of one commit, in the order they happened: what a describer measures a step against (the build
 * start a build's end follows, the request a GitOps write answers, the creation a promotion's end follows).
 */
public final class TimelineContext {

    private final List<TimelineEntry<?>> entries;
    private final Map<EventType<?>, List<?>> byType = new HashMap<>();

    /** @param entries the commit's decoded events, ordered by when they happened, then by when they were stored */
    public TimelineContext(List<TimelineEntry<?>> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The entries of {@code type}, in the order they happened. */
    @SuppressWarnings("unchecked")
    public <T extends GitopsFlowEvent> List<TimelineEntry<T>> entries(EventType<T> type) {
        return (List<TimelineEntry<T>>) byType.computeIfAbsent(
                type,
                key -> entries.stream()
                        .filter(entry -> type.dataClass().isInstance(entry.event()))
                        .toList());
    }

    /** The first entry of {@code type} whose event matches {@code filter}. */
    public <T extends GitopsFlowEvent> Optional<TimelineEntry<T>> first(EventType<T> type, Predicate<T> filter) {
        return entries(type).stream()
                .filter(entry -> filter.test(entry.event()))
                .findFirst();
    }

    /** The last entry of {@code type} whose event matches {@code filter} and that happened no later than {@code at}. */
    public <T extends GitopsFlowEvent> Optional<TimelineEntry<T>> lastUntil(
            EventType<T> type, Instant at, Predicate<T> filter) {
        return entries(type).stream()
                .filter(entry -> !entry.at().isAfter(at) && filter.test(entry.event()))
                .reduce((earlier, later) -> later);
    }

    /**
     * When {@code promotionId} was created: its {@code created} update on this timeline, else what the promotion
     * table says (the update may have been filed under the commit before the read model knew it), else null.
     */
    public Instant promotionCreatedAt(String promotionId, StoredEvent fallback) {
        return first(
                        EventType.PROMOTION_UPDATED,
                        update -> update.promotionId().equals(promotionId)
                                && update.change() == PromotionUpdated.Change.CREATED)
                .map(entry -> entry.event().updatedAt())
                .orElse(Objects.equals(fallback.promotionId(), promotionId) ? fallback.promotionCreatedAt() : null);
    }

    /**
     * The milliseconds from {@code from} to {@code to}; null when either is unknown. Never negative: two services'
     * clocks may disagree by a little, and a step does not end before it starts.
     */
    public static Long millisBetween(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Math.max(0, Duration.between(from, to).toMillis());
    }
}
