package io.gitopsflow.analysis.messaging;

import io.gitopsflow.analysis.service.RunStarter;
import io.gitopsflow.events.EventType;
import io.gitopsflow.messaging.EventReceiver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes {@code stage-promoted}: decodes each record and hands it to the {@link RunStarter}. */
@ApplicationScoped
public class StagePromotedListener {

    private final EventReceiver receiver;
    private final RunStarter starter;

    public StagePromotedListener(EventReceiver receiver, RunStarter starter) {
        this.receiver = receiver;
        this.starter = starter;
    }

    /** The offset is committed once the run is stored (or found stored: a redelivery starts nothing). */
    @Incoming("stage-promoted")
    public Uni<Void> onStagePromoted(Message<byte[]> message) {
        return receiver.receive(message, EventType.STAGE_PROMOTED, starter::start);
    }
}
