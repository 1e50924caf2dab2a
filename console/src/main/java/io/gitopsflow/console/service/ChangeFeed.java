package io.gitopsflow.console.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.FlowChange;
import io.gitopsflow.console.config.StreamConfig;
import io.gitopsflow.console.repository.ChangeSubscription;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Predicate;

/**
 * The changes of the read model as they are committed, by whichever console instance projected them: heard on the
 * database's change channel and handed to every open stream whose filter takes them (a pipeline's, a commit's). A
 * stream that falls too far behind is ended, so one slow client never holds the others back.
 */
@ApplicationScoped
public class ChangeFeed {

    private final BroadcastProcessor<FlowChange> changes = BroadcastProcessor.create();
    private final ChangeSubscription subscription;
    private final ObjectMapper json;
    private final int buffer;

    public ChangeFeed(ChangeSubscription subscription, ObjectMapper json, StreamConfig config) {
        this.subscription = subscription;
        this.json = json;
        this.buffer = config.buffer();
    }

    void start(@Observes StartupEvent event) {
        subscription.listen(this::heard);
    }

    /** The changes {@code filter} takes, from now on, for as long as the subscriber stays. */
    public Multi<FlowChange> changes(Predicate<FlowChange> filter) {
        return changes.select().where(filter).onOverflow().buffer(buffer);
    }

    /** Whether changes are heard now (the change channel is listened to). */
    public boolean live() {
        return subscription.listening();
    }

    // called on the subscription's connection, one notification after the other
    private void heard(String payload) {
        FlowChange change;
        try {
            change = json.readValue(payload, FlowChange.class);
        } catch (JsonProcessingException e) {
            Log.warnf("ignoring a change announcement that is not a change: %s", e.getOriginalMessage());
            return;
        }
        changes.onNext(change);
    }
}
