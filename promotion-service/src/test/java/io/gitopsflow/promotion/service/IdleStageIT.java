package io.gitopsflow.promotion.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.PromotionApi;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stage auto-promotion found with nothing to start is not ranked again while nothing it rests on changed
 * ({@link IdleStages}); what changes by time alone still moves it. Staging takes what dev verified once it soaked 3 s:
 * when dev's verification lets it look, nothing has soaked yet, and the reconcile passes after it see the same until
 * the soak has passed; one of them then starts the promotion.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class IdleStageIT {

    private static KafkaTestClient kafka;
    private static PromotionApi api;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
        api = new PromotionApi(kafka);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aStageThatFoundNothingSoakedPromotesOnceTheSoakHasPassedAndAgainForTheNextFreight() {
        api.publish("soaked", "1.0.0");
        EventEnvelope<PromotionRequested> dev = api.awaitRequest("soaked", "dev", "1.0.0");
        Instant answered = Instant.now();
        api.committed(dev.data());

        EventEnvelope<PromotionRequested> staging = api.awaitRequest("soaked", "staging", "1.0.0");
        assertThat(Duration.between(answered, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        api.committed(staging.data());

        // idle since, each pass concluding the same; the next Freight moves both stages again
        api.publish("soaked", "1.1.0");
        answered = Instant.now();
        api.committed(api.awaitRequest("soaked", "dev", "1.1.0").data());
        api.awaitRequest("soaked", "staging", "1.1.0");
        assertThat(Duration.between(answered, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }
}
