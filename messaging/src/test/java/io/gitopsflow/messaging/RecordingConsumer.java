package io.gitopsflow.messaging;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A consumer as a service writes one: it records what it handled; repository "acme/explode" is wrong content (a
 * terminal failure), repository "acme/outage" meets an outage for its first {@link #OUTAGE_ATTEMPTS} attempts.
 */
@ApplicationScoped
public class RecordingConsumer {

    static final String FAILING_REPOSITORY = "acme/explode";
    static final String OUTAGE_REPOSITORY = "acme/outage";
    static final int OUTAGE_ATTEMPTS = 4;

    private final List<EventEnvelope<CommitPushed>> handled = new CopyOnWriteArrayList<>();
    private final EventReceiver receiver;
    private final AtomicInteger outageAttempts = new AtomicInteger();

    public RecordingConsumer(EventReceiver receiver) {
        this.receiver = receiver;
    }

    /** How many times the outage record was handed over. */
    public int outageAttempts() {
        return outageAttempts.get();
    }

    /** What the consumer handled so far (a method: tests see the bean through its client proxy). */
    public List<EventEnvelope<CommitPushed>> handled() {
        return handled;
    }

    @Incoming("commit-pushed")
    public Uni<Void> onCommitPushed(Message<byte[]> message) {
        return receiver.receive(message, EventType.COMMIT_PUSHED, event -> {
            if (event.data().repository().fullName().equals(FAILING_REPOSITORY)) {
                return Uni.createFrom().failure(new TerminalFailure("the build spec of acme/explode is broken"));
            }
            if (event.data().repository().fullName().equals(OUTAGE_REPOSITORY)
                    && outageAttempts.incrementAndGet() <= OUTAGE_ATTEMPTS) {
                return Uni.createFrom().failure(new IllegalStateException("Connection refused: the database is down"));
            }
            handled.add(event);
            return Uni.createFrom().voidItem();
        });
    }
}
