package io.gitopsflow.writer.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.messaging.WriterEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a finished write into its {@code manifest-updated}. */
@ApplicationScoped
public class WriterResults {

    private final WriterEvents events;

    public WriterResults(WriterEvents events) {
        this.events = events;
    }

    /**
     * Publishes the answers of finished writes at once, in their order ({@code answered}: the requests at hand by
     * request id; those missing are read from the stored JSON).
     *
     * @return per write, in order: {@code null} once Kafka acknowledged its answer, or why it was not taken
     */
    public Uni<List<Throwable>> publishAll(List<ManifestWrite> writes, Map<String, PromotionRequested> answered) {
        List<WriterEvents.Answer> answers = new ArrayList<>(writes.size());
        for (ManifestWrite write : writes) {
            answers.add(answer(write, answered.get(write.requestId)));
        }
        return events.manifestsUpdated(answers);
    }

    private static WriterEvents.Answer answer(ManifestWrite write, PromotionRequested answered) {
        if (!write.finished()) {
            throw new IllegalStateException("request " + write.requestId + " is " + write.status + ": no answer yet");
        }
        PromotionRequested request = answered != null
                ? answered
                : EventCodec.decode(EventType.PROMOTION_REQUESTED, write.requestJson.getBytes(StandardCharsets.UTF_8));
        ManifestUpdated.Status status = switch (write.status) {
            case ManifestWrite.COMMITTED -> ManifestUpdated.Status.COMMITTED;
            case ManifestWrite.PR_OPENED -> ManifestUpdated.Status.PR_OPENED;
            case ManifestWrite.NO_CHANGE -> ManifestUpdated.Status.NO_CHANGE;
            default -> ManifestUpdated.Status.FAILED;
        };
        return new WriterEvents.Answer(
                new ManifestUpdated(
                        request.requestId(),
                        request.promotionId(),
                        request.project(),
                        request.stage(),
                        request.freightId(),
                        request.target(),
                        status,
                        write.commit,
                        write.previousValue,
                        status == ManifestUpdated.Status.FAILED ? null : write.newValue,
                        write.pullRequestUrl,
                        write.reason,
                        write.batchSize,
                        write.updatedAt.toInstant()),
                write.correlationId,
                write.traceparent);
    }
}
