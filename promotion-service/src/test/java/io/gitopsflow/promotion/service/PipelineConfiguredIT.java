package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.TestEvents.stillTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.PromotionApi;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the pipelines in force leave promotion-service as pipeline-configured, on the real broker and database —
 * each test pipeline once at start, a new or changed file once per definition with its fingerprint, a removed file as
 * its removal — for the console's boards.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class PipelineConfiguredIT {

    private static final String PIPELINE = "configured";
    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void everyPipelineInForceIsPublishedOnceWithItsStagesInOrder() {
        List<EventEnvelope<PipelineConfigured>> decided = awaitDefinitions("decided", 1);

        assertThat(decided).hasSize(1);
        PipelineConfigured definition = decided.get(0).data();
        assertThat(definition.file()).isEqualTo("decided.yaml");
        assertThat(definition.removed()).isFalse();
        assertThat(definition.warehouse().name()).isEqualTo("decided");
        assertThat(definition.warehouse().subscriptions()).singleElement().satisfies(subscription -> {
            assertThat(subscription.imageRepository()).isEqualTo("registry.test/acme/decided");
            assertThat(subscription.strategy()).isEqualTo(PipelineConfigured.TagStrategy.NEWEST);
            assertThat(subscription.allowTags()).containsExactly("main-.*");
        });
        assertThat(definition.stages())
                .extracting(PipelineConfigured.Stage::name)
                .containsExactly("dev", "staging");
        PipelineConfigured.Stage staging = definition.stages().get(1);
        assertThat(staging.upstream()).containsExactly("dev");
        assertThat(staging.fromWarehouse()).isFalse();
        assertThat(staging.requiredApprovals()).isEqualTo(1);
        assertThat(staging.approverRole()).isEqualTo("staging-approver");
        assertThat(definition.stages().get(0).fromWarehouse()).isTrue();
        assertThat(decided.get(0).attributes().subject()).isEqualTo("decided");
        assertThat(decided.get(0).attributes().id()).isEqualTo("decided/" + definition.fingerprint() + "/1");
        assertThat(awaitDefinitions("frozen", 1).get(0).data().stages().get(1).windows())
                .containsExactly(new PipelineConfigured.PromotionWindow(
                        PipelineConfigured.PromotionWindow.Kind.DENY, "* * * * *", 120, "Europe/Berlin"));
    }

    @Test
    void aNewFileAChangeAndARemovalArePublishedOnceEach() throws IOException {
        Path file = TestSupport.pipelines().resolve(PIPELINE + ".yaml");
        Files.writeString(file, pipeline(1));

        PipelineConfigured first = awaitDefinitions(PIPELINE, 1).get(0).data();
        assertThat(first.removed()).isFalse();
        assertThat(first.stages()).extracting(PipelineConfigured.Stage::name).containsExactly("dev", "prod");
        PipelineConfigured.Stage prod = first.stages().get(1);
        assertThat(prod.requiredApprovals()).isEqualTo(1);
        assertThat(prod.soakSeconds()).isEqualTo(30);
        assertThat(prod.verification()).containsExactly(new AnalysisTemplateRef("success-rate", false, Map.of()));
        assertThat(prod.healthGate()).isEqualTo(new PipelineConfigured.HealthGate("argocd", "configured-prod", 90));

        // the file is rewritten as it was (a touch, a ConfigMap resync): the same definition, no new event
        Files.writeString(file, "# rewritten\n" + pipeline(1));
        stillTrue(Duration.ofSeconds(3), () -> assertThat(definitions(PIPELINE)).hasSize(1));

        Files.writeString(file, pipeline(2));
        List<EventEnvelope<PipelineConfigured>> changed = awaitDefinitions(PIPELINE, 2);
        PipelineConfigured second = changed.get(1).data();
        assertThat(second.stages().get(1).requiredApprovals()).isEqualTo(2);
        assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(changed.get(1).attributes().id()).isEqualTo(PIPELINE + "/" + second.fingerprint() + "/2");

        Files.delete(file);
        List<EventEnvelope<PipelineConfigured>> removed = awaitDefinitions(PIPELINE, 3);
        PipelineConfigured removal = removed.get(2).data();
        assertThat(removal.removed()).isTrue();
        assertThat(removal.file()).isEqualTo(PIPELINE + ".yaml");
        assertThat(removal.warehouse()).isNull();
        assertThat(removal.stages()).isEmpty();
        stillTrue(Duration.ofSeconds(3), () -> assertThat(definitions(PIPELINE)).hasSize(3));
    }

    /** A dev → prod pipeline whose prod stage needs {@code approvals} approvers. */
    private static String pipeline(int approvals) {
        return """
                name: configured
                warehouse:
                  subscriptions:
                    - image: registry.test/acme/configured
                      strategy: newest
                stages:
                  - name: dev
                    autoPromotion: true
                    targets:
                      - {repositoryUrl: "https://git.test/acme/gitops.git", branch: main, path: c/dev.yaml, \
                kind: manifest-image}
                  - name: prod
                    sources: [dev]
                    soak: 30s
                    approvals: {required: %d, role: prod-approver}
                    healthGate: {argoCdApplication: argocd/configured-prod, timeout: 90s}
                    verification:
                      templates:
                        - name: success-rate
                    targets:
                      - {repositoryUrl: "https://git.test/acme/gitops.git", branch: main, path: c/prod.yaml, \
                kind: manifest-image}
                """.formatted(approvals);
    }

    /** Waits for {@code count} definitions of {@code project}; answers all of them then, in offset order. */
    private static List<EventEnvelope<PipelineConfigured>> awaitDefinitions(String project, int count) {
        kafka.awaitRecords(EventType.PIPELINE_CONFIGURED.topic(), count, of(project), PromotionApi.WAIT);
        return definitions(project);
    }

    private static List<EventEnvelope<PipelineConfigured>> definitions(String project) {
        return kafka.readAll(EventType.PIPELINE_CONFIGURED.topic(), of(project)).stream()
                .map(record -> KafkaTestClient.decode(EventType.PIPELINE_CONFIGURED, record)
                        .orElseThrow())
                .toList();
    }

    private static Predicate<ConsumerRecord<String, byte[]>> of(String project) {
        return record -> project.equals(record.key())
                && KafkaTestClient.decode(EventType.PIPELINE_CONFIGURED, record).isPresent();
    }
}
