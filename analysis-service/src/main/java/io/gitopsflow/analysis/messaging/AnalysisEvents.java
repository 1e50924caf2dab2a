package io.gitopsflow.analysis.messaging;

import io.gitopsflow.analysis.service.AnalysisRuns;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.messaging.EventPublisher;
import io.gitopsflow.messaging.EventReceiver;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** analysis-service's topics: consumes stage-promoted, produces analysis-completed. */
@ApplicationScoped
public class AnalysisEvents {

    private final EventPublisher publisher;
    private final EventReceiver receiver;
    private final MutinyEmitter<byte[]> analysisCompleted;

    // field injection breaks the cycle: the runs publish through this bean, which hands records to the runs
    @Inject
    AnalysisRuns runs;

    public AnalysisEvents(
            EventPublisher publisher,
            EventReceiver receiver,
            @Channel("analysis-completed") MutinyEmitter<byte[]> analysisCompleted) {
        this.publisher = publisher;
        this.receiver = receiver;
        this.analysisCompleted = analysisCompleted;
    }

    /** The offset is committed once the run is stored (or found stored: a redelivery starts nothing). */
    @Incoming("stage-promoted")
    public Uni<Void> onStagePromoted(Message<byte[]> message) {
        return receiver.receive(message, EventType.STAGE_PROMOTED, runs::onStagePromoted);
    }

    /** Publishes a verdict, continuing the promotion's correlation; completes when Kafka acknowledged it. */
    public Uni<Void> analysisCompleted(AnalysisCompleted verdict, String correlationId, String traceparent) {
        return publisher
                .publish(analysisCompleted, EventType.ANALYSIS_COMPLETED, verdict, correlationId, traceparent)
                .replaceWithVoid();
    }
}
