package io.gitopsflow.writer.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.messaging.ManifestUpdatedPublisher.Outgoing;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/** Turns a batch's answers into stored rows, and a stored row into its {@code manifest-updated}. */
final class WriteAnswers {

    private WriteAnswers() {}

    /** The claimed request {@code claimed} with its answer, as it is stored. */
    static ManifestWrite answered(ManifestWrite claimed, BatchWriter.Answer answer, OffsetDateTime now) {
        ManifestWrite write = new ManifestWrite();
        write.requestId = claimed.requestId;
        write.targetKey = claimed.targetKey;
        write.requestJson = claimed.requestJson;
        write.correlationId = claimed.correlationId;
        write.traceparent = claimed.traceparent;
        write.createdAt = claimed.createdAt;
        write.status = answer.status();
        write.commit = answer.commit();
        write.previousValue = answer.previousValue();
        write.newValue = answer.newValue();
        write.pullRequestUrl = answer.pullRequestUrl();
        write.reason = answer.reason();
        write.batchSize = answer.batchSize();
        write.attempts = answer.attempts();
        write.updatedAt = now;
        return write;
    }

    /** The request a stored row holds. */
    static PromotionRequested request(ManifestWrite write) {
        return EventCodec.decode(EventType.PROMOTION_REQUESTED, write.requestJson.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code manifest-updated} of a finished write.
     *
     * @param request the request it answers, when at hand; else read from the stored JSON
     */
    static Outgoing event(ManifestWrite write, PromotionRequested request) {
        if (!write.finished()) {
            throw new IllegalStateException("request " + write.requestId + " is " + write.status + ": no answer yet");
        }
        PromotionRequested answered = request != null ? request : request(write);
        ManifestUpdated.Status status = switch (write.status) {
            case ManifestWrite.COMMITTED -> ManifestUpdated.Status.COMMITTED;
            case ManifestWrite.PR_OPENED -> ManifestUpdated.Status.PR_OPENED;
            case ManifestWrite.NO_CHANGE -> ManifestUpdated.Status.NO_CHANGE;
            default -> ManifestUpdated.Status.FAILED;
        };
        return new Outgoing(
                new ManifestUpdated(
                        answered.requestId(),
                        answered.promotionId(),
                        answered.project(),
                        answered.stage(),
                        answered.freightId(),
                        answered.target(),
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
