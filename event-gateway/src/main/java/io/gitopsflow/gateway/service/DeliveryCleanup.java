package io.gitopsflow.gateway.service;

import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.repository.DeliveryRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Forgets delivery ids past the retention window, so the table stays the size of a week of webhooks. */
@ApplicationScoped
public class DeliveryCleanup {

    private final DeliveryRepository deliveries;
    private final GatewayConfig config;

    public DeliveryCleanup(DeliveryRepository deliveries, GatewayConfig config) {
        this.deliveries = deliveries;
        this.config = config;
    }

    @Scheduled(every = "${gitops-flow.gateway.cleanup-every:1h}", delayed = "1m")
    public Uni<Void> scheduled() {
        return forgetExpired().replaceWithVoid();
    }

    /** Deletes deliveries claimed before now minus the retention; answers how many. */
    public Uni<Long> forgetExpired() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(config.deliveryRetention());
        return deliveries.forgetOlderThan(cutoff).invoke(count -> {
            if (count > 0) {
                Log.infof("forgot %d webhook deliveries received before %s", count, cutoff);
            }
        });
    }
}
