package io.gitopsflow.console.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.FlowChange;
import io.gitopsflow.console.repository.ChangeRepository;
import io.gitopsflow.events.EventType;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces each event the live projection applied, inside the poll's transaction, on the database's change channel:
 * the announcement leaves with the commit of the read model or not at all, and every console instance (its
 * {@link ChangeFeed}) hears it. A replay announces nothing (the projection tells no observer then).
 */
@ApplicationScoped
public class ChangeAnnouncer implements ProjectionObserver {

    private final ChangeRepository repository;
    private final ObjectMapper json;

    public ChangeAnnouncer(ChangeRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @Override
    public void projected(List<ProjectedEvent> events, Connection connection) throws SQLException {
        List<String> payloads = new ArrayList<>(events.size());
        for (ProjectedEvent event : events) {
            String payload = payload(change(event));
            if (payload.getBytes(StandardCharsets.UTF_8).length > ChangeRepository.MAX_PAYLOAD_BYTES) {
                // only an event id or type far beyond the contract's names gets here; it stays in the timeline
                Log.warnf("change %s is too large to announce; the streams do not push it", event.id());
            } else {
                payloads.add(payload);
            }
        }
        repository.announce(connection, payloads);
    }

    /** The change the streams push for {@code event}. */
    static FlowChange change(ProjectedEvent event) {
        EventKeys keys = event.keys();
        String kind = EventType.forCloudEventType(event.type())
                .<String>map(EventType::topic)
                .orElse(event.type());
        return new FlowChange(
                event.id(),
                kind,
                event.type(),
                keys.project(),
                keys.stage(),
                keys.commitSha(),
                keys.promotionId(),
                keys.freightId(),
                keys.occurredAt());
    }

    private String payload(FlowChange change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change could not be written as JSON", e);
        }
    }
}
