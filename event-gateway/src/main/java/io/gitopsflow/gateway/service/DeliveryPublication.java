package io.gitopsflow.gateway.service;

import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.repository.DeliveryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * Publishes a delivery's event at most once per delivery key: claim the key, publish, record it, and answer only once
 * Kafka acknowledged. A failed publication gives the claim back and answers 503, so the provider's retry is
 * processed, not dropped as a duplicate; a database that cannot take the claim answers 503 as well, and so does a copy
 * that arrives while an earlier one is still being published (only a published delivery is a duplicate).
 */
@ApplicationScoped
public class DeliveryPublication {

    private final GatewayConfig config;
    private final DeliveryRepository deliveries;
    private final MeterRegistry meters;

    public DeliveryPublication(GatewayConfig config, DeliveryRepository deliveries, MeterRegistry meters) {
        this.config = config;
        this.deliveries = deliveries;
        this.meters = meters;
    }

    /**
     * Claims the delivery, publishes, records it.
     *
     * @return the published event's id; null when the delivery was a duplicate
     * @throws RejectedWebhookException 503 (in the {@code Uni}) when the database or Kafka is unavailable
     */
    public Uni<String> publishOnce(
            String key, String source, String subject, Supplier<Uni<CloudEventAttributes>> publication) {
        OffsetDateTime staleBefore = OffsetDateTime.now(ZoneOffset.UTC).minus(config.staleClaim());
        return timed("claim", () -> deliveries.claim(key, source, DeliveryKeys.subject(subject), staleBefore))
                .onFailure()
                .transform(failure -> unavailable("the delivery store is unavailable", failure))
                .chain(claimed -> {
                    if (!claimed) {
                        return duplicateOrInFlight(key);
                    }
                    return timed("publish", publication)
                            .ifNoItem()
                            .after(config.publishTimeout())
                            .fail()
                            .onFailure()
                            .call(failure -> deliveries.release(key).onFailure().recoverWithNull())
                            .onFailure()
                            .transform(failure -> unavailable("Kafka did not acknowledge the event", failure))
                            .invoke(attributes -> recordPublished(key, attributes.id()))
                            .map(CloudEventAttributes::id);
                });
    }

    /**
     * A delivery seen before is a duplicate only once its event was published. One still claimed is in flight in
     * another request (or its request failed and could not give the claim back, the database being away): answering
     * it as a duplicate would acknowledge an event Kafka may never get. So it waits up to the publish timeout for that
     * request to finish, and then answers 503: the provider's next retry finds it published (a duplicate) or its claim
     * given back or stale (and publishes it).
     */
    private Uni<String> duplicateOrInFlight(String key) {
        return Uni.createFrom()
                .deferred(() -> deliveries.published(key))
                .onFailure()
                .transform(failure -> unavailable("the delivery store is unavailable", failure))
                .chain(published -> published
                        ? Uni.createFrom().<String>nullItem()
                        : Uni.createFrom().<String>failure(new InFlight(key)))
                .onFailure(InFlight.class)
                .retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofMillis(250))
                .expireIn(config.publishTimeout().toMillis())
                // the retries' end fails with Mutiny's own exception, not the last InFlight
                .onFailure(failure -> !(failure instanceof RejectedWebhookException))
                .transform(
                        failure -> unavailable("an earlier copy of this delivery is still being published", failure));
    }

    /** A copy of a delivery whose event is not published yet. */
    private static final class InFlight extends RuntimeException {
        InFlight(String key) {
            super(key + " is claimed, not yet published", null, false, false);
        }
    }

    /**
     * Marks the delivery published without holding the answer back: the provider needs Kafka's acknowledgement, not
     * this bookkeeping. Should it be lost, the claim only goes stale, and a redelivery after that publishes again
     * (at least once; consumers are idempotent).
     */
    private void recordPublished(String key, String eventId) {
        timed("record", () -> deliveries.markPublished(key, eventId))
                .subscribe()
                .with(
                        done -> {},
                        failure -> Log.warnf(
                                "event %s of delivery %s is published, but not recorded: %s",
                                eventId, key, failure.getMessage()));
    }

    /** Times one step of the publication (claim, publish, record) for /q/metrics. */
    private <T> Uni<T> timed(String step, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(meters);
            return work.get()
                    .onTermination()
                    .invoke(() -> sample.stop(meters.timer("gitopsflow.gateway.step", "step", step)));
        });
    }

    private static RejectedWebhookException unavailable(String reason, Throwable failure) {
        Log.warnf("%s: %s", reason, failure.toString());
        return new RejectedWebhookException(503, reason + "; retry later");
    }
}
