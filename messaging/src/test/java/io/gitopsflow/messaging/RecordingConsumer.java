package io.gitopsflow.messaging;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A consumer as a service writes one: it records what it handled; repository "acme/explode" makes it fail. */
@ApplicationScoped
public class RecordingConsumer {

    static final String FAILING_REPOSITORY = "acme/explode";

    private final List<EventEnvelope<CommitPushed>> handled = new CopyOnWriteArrayList<>();
    private final EventReceiver receiver;

    public RecordingConsumer(EventReceiver receiver) {
        this.receiver = receiver;
    }

    /** What the consumer handled so far (a method: tests see the bean through its client proxy). */
    public List<EventEnvelope<CommitPushed>> handled() {
        return handled;
    }

    @Incoming("commit-pushed")
    public Uni<Void> onCommitPushed(Message<byte[]> message) {
        return receiver.receive(message, EventType.COMMIT_PUSHED, event -> {
            if (event.data().repository().fullName().equals(FAILING_REPOSITORY)) {
                return Uni.createFrom().failure(new IllegalStateException("the build spec of acme/explode is broken"));
            }
            handled.add(event);
            return Uni.createFrom().voidItem();
        });
    }
}
