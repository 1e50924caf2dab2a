package io.gitopsflow.promotion.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.messaging.warmup.WarmUps;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.promotion.repository.StageStateRepository;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The start's warm-up reads of promotion-service: they succeed and leave no stage state behind. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class PromotionWarmUpIT {

    @Inject
    WarmUps warmUps;

    @Inject
    PromotionWarmUp warmUp;

    @Inject
    StageStateRepository stages;

    @Test
    void theWarmUpReadsWhatAnArrivalReadsAndChangesNothing() throws Throwable {
        // what a start runs (the test profile leaves it to the test)
        warmUps.runAll().await().atMost(Duration.ofSeconds(60));
        assertThat(warmUps.outcome(warmUp.name()).orElseThrow().failure()).isEmpty();

        warmUps.runAll().await().atMost(Duration.ofSeconds(60));
        assertThat(warmUps.outcome(warmUp.name()).orElseThrow().failure()).isEmpty();
        assertThat(VertxContextSupport.subscribeAndAwait(
                        () -> Panache.withSession(() -> stages.byPipeline("gitops-flow-warm-up"))))
                .isEmpty();
    }
}
