package io.gitopsflow.buildworker.messaging;

import io.gitopsflow.buildworker.service.BuildIntake;
import io.gitopsflow.events.EventType;
import io.gitopsflow.messaging.EventReceiver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes {@code commit-pushed}: decodes each record and hands it to the intake. */
@ApplicationScoped
public class CommitPushedListener {

    private final EventReceiver receiver;
    private final BuildIntake intake;

    public CommitPushedListener(EventReceiver receiver, BuildIntake intake) {
        this.receiver = receiver;
        this.intake = intake;
    }

    /** The offset is committed once the build is queued in the database (or its stored result published again). */
    @Incoming("commit-pushed")
    public Uni<Void> onCommitPushed(Message<byte[]> message) {
        return receiver.receive(message, EventType.COMMIT_PUSHED, intake::onCommitPushed);
    }
}
