package io.gitopsflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.gateway.service.GatewayWarmUp;
import io.gitopsflow.messaging.warmup.ProducerWarmUp;
import io.gitopsflow.messaging.warmup.WarmUps;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The start's warm-ups of event-gateway: its sample push reads as a webhook's would and nothing is stored; its
 * producers know their topics before the first webhook.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "event_gateway"))
class GatewayWarmUpIT {

    @Inject
    WarmUps warmUps;

    @Inject
    GatewayWarmUp warmUp;

    @Inject
    ProducerWarmUp producers;

    @Test
    void theWarmUpReadsASamplePushAndStoresNothing() {
        // what a start runs (the test profile leaves it to the test)
        warmUps.runAll().await().atMost(Duration.ofSeconds(60));
        assertThat(warmUps.outcome(warmUp.name()).orElseThrow().failure()).isEmpty();
        // the topics' metadata of the producers (commit-pushed, image-published) asked for, nothing sent
        assertThat(warmUps.outcome(producers.name()).orElseThrow().failure()).isEmpty();

        // run again on demand, and the sample push is still no delivery of the deliveries table
        warmUps.runAll().await().atMost(Duration.ofSeconds(60));
        assertThat(warmUps.outcome(warmUp.name()).orElseThrow().failure()).isEmpty();
        assertThat(warmUp.run().await().atMost(Duration.ofSeconds(30))).isEqualTo(false);
    }
}
