package io.gitopsflow.console.service.timeline;

import io.gitopsflow.console.api.CommitHeader;
import io.gitopsflow.console.api.CommitTimeline;
import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.repository.ReadModelSessions;
import io.gitopsflow.console.repository.TimelineRepository;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.InvalidEventException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A commit's timeline: the events the read model filed under the commit, decoded and handed to their
 * {@link TimelineDescriber}s, which tell each one as steps with their durations. An event the console cannot describe
 * (a type it has no describer for, data it can no longer read) still shows, as an {@code other} step: the timeline
 * hides nothing that was stored.
 */
@ApplicationScoped
public class TimelineService {

    // steps of one instant keep the order their events were stored in (List.sort is stable)
    private static final Comparator<TimelineStep> BY_TIME = Comparator.comparing(TimelineStep::at);

    private final TimelineRepository repository;
    private final ReadModelSessions sessions;
    private final TimelineDescribers describers;

    public TimelineService(TimelineRepository repository, ReadModelSessions sessions, TimelineDescribers describers) {
        this.repository = repository;
        this.sessions = sessions;
        this.describers = describers;
    }

    /**
     * The timeline of {@code commit} (a checked SHA); empty when the console never saw the commit.
     *
     * @throws SQLException when the read model's database failed
     */
    public Optional<CommitTimeline> timeline(String commit) throws SQLException {
        CommitHeader header;
        List<StoredEvent> events;
        try (Connection connection = sessions.read()) {
            header = repository.header(connection, commit).orElse(null);
            events = repository.events(connection, commit);
        }
        if (header == null && events.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CommitTimeline(commit, header, steps(events)));
    }

    private List<TimelineStep> steps(List<StoredEvent> events) {
        List<TimelineEntry<?>> entries = new ArrayList<>();
        List<TimelineStep> steps = new ArrayList<>();
        for (StoredEvent stored : events) {
            decode(stored)
                    .ifPresentOrElse(entries::add, () -> steps.add(undescribed(stored, "its data is unreadable")));
        }
        TimelineContext context = new TimelineContext(entries);
        for (TimelineEntry<?> entry : entries) {
            steps.addAll(describe(entry, context));
        }
        steps.sort(BY_TIME);
        return steps;
    }

    private Optional<TimelineEntry<?>> decode(StoredEvent stored) {
        Optional<EventType<?>> type = EventType.forCloudEventType(stored.type());
        if (type.isEmpty()) {
            return Optional.of(new TimelineEntry<>(stored, new UnknownEvent()));
        }
        try {
            return Optional.of(new TimelineEntry<>(stored, EventCodec.decode(type.get(), stored.data())));
        } catch (InvalidEventException e) {
            Log.warnf(
                    "event %s (%s) of the read model is unreadable: %s",
                    stored.eventId(), stored.type(), e.getMessage());
            return Optional.empty();
        }
    }

    private <T extends GitopsFlowEvent> List<TimelineStep> describe(TimelineEntry<T> entry, TimelineContext context) {
        if (entry.event() instanceof UnknownEvent) {
            return List.of(undescribed(entry.stored(), "the console does not know its type"));
        }
        Optional<TimelineDescriber<T>> describer =
                describers.forType(entry.stored().type());
        if (describer.isEmpty()) {
            return List.of(undescribed(entry.stored(), "the timeline does not describe this type"));
        }
        return describer.get().describe(entry, context);
    }

    private static TimelineStep undescribed(StoredEvent stored, String why) {
        return new TimelineEntry<>(stored, new UnknownEvent())
                .step(
                        StepKind.OTHER,
                        StepOutcome.INFO,
                        null,
                        stored.type() + " (" + why + ")",
                        Details.of()
                                .put("type", stored.type())
                                .put("eventId", stored.eventId())
                                .map());
    }

    /** The data of an event whose type the contract of this build does not know (a newer producer's). */
    private record UnknownEvent() implements GitopsFlowEvent {

        @Override
        public String partitionKey() {
            return "";
        }

        @Override
        public String subject() {
            return "";
        }
    }
}
