package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.TestEvents.sha;
import static io.gitopsflow.promotion.TestEvents.stillTrue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The health gate against Argo CD Application resources held by the Fabric8 Kubernetes mock server (CRUD mode). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_health"))
@WithTestResource(TestSupport.class)
class HealthGateIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;

    /** The application's own client: the test resource points it at the mock server. */
    @Inject
    KubernetesClient client;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void waitsForTheWrittenRevisionAndHealthyThenFailsAfterItsTimeout() {
        application(client, "0".repeat(40), "Healthy");

        PromotionRequested first = publishAndAwaitRequest("1.0.0");
        String written = sha();
        answer(first, written);
        awaitStatus(first.promotionId(), "HEALTH_CHECK");

        // synced to the commit but not healthy yet: still waiting
        application(client, written, "Progressing");
        stillTrue(
                Duration.ofSeconds(2),
                () -> assertThat(status(first.promotionId())).isEqualTo("HEALTH_CHECK"));

        application(client, written, "Healthy");
        awaitStatus(first.promotionId(), "SUCCEEDED");
        kafka.awaitEvent(EventType.STAGE_PROMOTED, e -> e.data().promotionId().equals(first.promotionId()), WAIT);

        // never synced to the new commit: failed once the gate's timeout passed, with the reason
        PromotionRequested second = publishAndAwaitRequest("1.1.0");
        answer(second, sha());
        awaitStatus(second.promotionId(), "FAILED");
        String reason = given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/promotions/{id}", second.promotionId())
                .then()
                .statusCode(200)
                .extract()
                .path("promotion.reason");
        assertThat(reason).contains("not healthy within").contains("argocd/gated-dev is synced to " + written);
    }

    private static void application(KubernetesClient client, String revision, String health) {
        GenericKubernetesResource application = new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Application")
                .withNewMetadata()
                .withNamespace("argocd")
                .withName("gated-dev")
                .endMetadata()
                .withAdditionalProperties(Map.of(
                        "status",
                        Map.of(
                                "sync",
                                Map.of("status", "Synced", "revision", revision),
                                "health",
                                Map.of("status", health))))
                .build();
        // replaced whole: the mock server keeps the status of a created resource, as Argo CD's controller sets it
        client.genericKubernetesResources(ArgoCdHealth.APPLICATIONS)
                .inNamespace("argocd")
                .withName("gated-dev")
                .delete();
        await().atMost(WAIT)
                .until(() -> client.genericKubernetesResources(ArgoCdHealth.APPLICATIONS)
                                .inNamespace("argocd")
                                .withName("gated-dev")
                                .get()
                        == null);
        client.genericKubernetesResources(ArgoCdHealth.APPLICATIONS)
                .inNamespace("argocd")
                .resource(application)
                .create();
    }

    private static PromotionRequested publishAndAwaitRequest(String tag) {
        String commit = sha();
        kafka.produce(
                EventType.IMAGE_PUBLISHED,
                TestEvents.image("registry.test/acme/gated", List.of(tag), commit, TestEvents.digest()),
                commit);
        EventEnvelope<PromotionRequested> request = kafka.awaitEvent(
                EventType.PROMOTION_REQUESTED,
                e -> e.data().project().equals("gated")
                        && tag.equals(e.data().image().tag()),
                WAIT);
        return request.data();
    }

    private static void answer(PromotionRequested request, String commit) {
        kafka.produce(
                EventType.MANIFEST_UPDATED,
                TestEvents.answer(request, ManifestUpdated.Status.COMMITTED, commit, null),
                request.sourceCommit());
    }

    private static String status(String promotionId) {
        return given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/promotions/{id}", promotionId)
                .then()
                .statusCode(200)
                .extract()
                .path("promotion.status");
    }

    private static void awaitStatus(String promotionId, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> status.equals(status(promotionId)));
    }
}
