package io.gitopsflow.analysis.messaging;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.messaging.EventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Produces {@code analysis-completed}: a run's verdict, continuing the promotion's correlation. */
@ApplicationScoped
public class AnalysisCompletedPublisher {

    private final EventPublisher publisher;
    private final MutinyEmitter<byte[]> analysisCompleted;

    public AnalysisCompletedPublisher(
            EventPublisher publisher, @Channel("analysis-completed") MutinyEmitter<byte[]> analysisCompleted) {
        this.publisher = publisher;
        this.analysisCompleted = analysisCompleted;
    }

    /** Publishes a verdict; completes when Kafka acknowledged it. */
    public Uni<Void> publish(AnalysisCompleted verdict, String correlationId, String traceparent) {
        return publisher
                .publish(analysisCompleted, EventType.ANALYSIS_COMPLETED, verdict, correlationId, traceparent)
                .replaceWithVoid();
    }
}
