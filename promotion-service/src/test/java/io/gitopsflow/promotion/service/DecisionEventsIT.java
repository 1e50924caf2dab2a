package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.PromotionApi.act;
import static io.gitopsflow.promotion.PromotionApi.awaitCurrent;
import static io.gitopsflow.promotion.PromotionApi.commit;
import static io.gitopsflow.promotion.PromotionApi.promote;
import static io.gitopsflow.promotion.PromotionApi.stage;
import static io.gitopsflow.promotion.TestEvents.stillTrue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.PromotionApi;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.promotion.WarehouseArtifact;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.promotion.repository.WarehouseArtifactRepository;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: what promotion-service decides leaves it as events of the contract, on the real broker and database — one
 * freight-created per Freight, one promotion-updated per change of a promotion (phase changes, approvals, rejections,
 * holds) in the order they were made and with who made them, and an event published again keeps its CloudEvent id.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class DecisionEventsIT {

    private static final String PIPELINE = "decided";
    private static final String OVERRULED = "overruled";
    private static final String REPLAYED = "replayed";
    private static final String SERVICE = "promotion-service";
    private static final String PROMOTER = TestSupport.token("alice", "promoter");
    private static final String APPROVER = TestSupport.token("carol", "staging-approver");
    private static KafkaTestClient kafka;
    private static PromotionApi api;

    @Inject
    Pool database;

    @Inject
    WarehouseArtifactRepository warehouseArtifacts;

    @Inject
    Transactions transactions;

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
    void aFreightIsPublishedOnceAndEachPromotionUpdateInOrderWithWhoMadeIt() {
        String appCommit = commit("1a2b3c4");
        String digest = TestEvents.digest();
        String tag = api.publishBuild(PIPELINE, appCommit, 1, Instant.now(), digest);
        PromotionRequested dev = api.awaitRequest(PIPELINE, "dev", tag).data();
        String freightId = dev.freightId();

        FreightCreated freight = onlyFreightCreated(freightId);
        assertThat(freight.alias()).isEqualTo(dev.freightAlias());
        assertThat(freight.project()).isEqualTo(PIPELINE);
        assertThat(freight.warehouse()).isNotBlank();
        assertThat(freight.images()).singleElement().satisfies(image -> {
            assertThat(image.repository()).isEqualTo("registry.test/acme/" + PIPELINE);
            assertThat(image.tag()).isEqualTo(tag);
            assertThat(image.digest()).isEqualTo(digest);
        });
        assertThat(freight.sourceCommit()).isEqualTo(appCommit);
        assertThat(freight.sources())
                .containsExactly(new SourceCommit("acme/" + PIPELINE, null, appCommit, "refs/heads/main"));

        // dev: auto-promoted, written, no gate and no verification
        api.committed(dev);
        awaitCurrent(PIPELINE, "dev", freightId);
        assertThat(changes(awaitUpdates(dev.promotionId(), 4)))
                .containsExactly(
                        tuple(Change.CREATED, null, Phase.PENDING, SERVICE),
                        tuple(Change.PHASE_CHANGED, Phase.PENDING, Phase.WRITING, SERVICE),
                        tuple(Change.PHASE_CHANGED, Phase.WRITING, Phase.WRITTEN, SERVICE),
                        tuple(Change.PHASE_CHANGED, Phase.WRITTEN, Phase.SUCCEEDED, SERVICE));

        // staging: waits for carol's approval, then is written
        String staging = awaitPending(PIPELINE, "staging");
        act(staging, "approve", APPROVER);
        api.committed(api.awaitRequestOf(staging).data());
        awaitCurrent(PIPELINE, "staging", freightId);
        List<EventEnvelope<PromotionUpdated>> stagingUpdates = awaitUpdates(staging, 5);
        assertThat(changes(stagingUpdates))
                .containsExactly(
                        tuple(Change.CREATED, null, Phase.PENDING, SERVICE),
                        tuple(Change.APPROVED, null, Phase.PENDING, "carol"),
                        tuple(Change.PHASE_CHANGED, Phase.PENDING, Phase.WRITING, SERVICE),
                        tuple(Change.PHASE_CHANGED, Phase.WRITING, Phase.WRITTEN, SERVICE),
                        tuple(Change.PHASE_CHANGED, Phase.WRITTEN, Phase.SUCCEEDED, SERVICE));
        assertThat(stagingUpdates.get(1).data().reason()).isEqualTo("by the test");
        assertThat(stagingUpdates).allSatisfy(update -> {
            assertThat(update.data().freightAlias()).isEqualTo(freight.alias());
            assertThat(update.data().sourceCommit()).isEqualTo(appCommit);
            assertThat(update.attributes().correlationId()).isEqualTo(appCommit);
            assertThat(update.attributes().subject()).isEqualTo(PIPELINE + "/staging");
            assertThat(update.data().rollback()).isFalse();
        });

        // the same image announced again makes no second Freight, so no second freight-created
        api.publishBuild(PIPELINE, appCommit, 1, Instant.now(), digest);
        stillTrue(Duration.ofSeconds(3), () -> onlyFreightCreated(freightId));
    }

    @Test
    void aRejectionAndARollbacksHoldAreUpdatesWithTheirActorsAndReasons() {
        String first = build(OVERRULED, "5d6e7f8", 11);
        String newer = build(OVERRULED, "9a8b7c6", 12);

        // the newer Freight waits in staging for a reviewer, who rejects it
        String rejected = awaitPending(OVERRULED, "staging");
        act(rejected, "reject", APPROVER);
        assertThat(changes(awaitUpdates(rejected, 2)))
                .containsExactly(
                        tuple(Change.CREATED, null, Phase.PENDING, SERVICE),
                        tuple(Change.REJECTED, Phase.PENDING, Phase.REJECTED, "carol"));

        // alice rolls dev back to the first Freight (a hold), then aborts the rollback (the hold is released)
        String rollback = promote(OVERRULED, "dev", first, PROMOTER);
        api.awaitRequestOf(rollback);
        act(rollback, "abort", PROMOTER);
        List<EventEnvelope<PromotionUpdated>> updates = awaitUpdates(rollback, 5);
        assertThat(changes(updates))
                .containsExactly(
                        tuple(Change.CREATED, null, Phase.PENDING, "alice"),
                        tuple(Change.HOLD_SET, null, Phase.PENDING, "alice"),
                        tuple(Change.PHASE_CHANGED, Phase.PENDING, Phase.WRITING, SERVICE),
                        tuple(Change.PHASE_CHANGED, Phase.WRITING, Phase.ABORTED, "alice"),
                        tuple(Change.HOLD_RELEASED, null, Phase.ABORTED, "alice"));
        assertThat(updates.get(1).data().reason()).contains("rollback by alice");
        assertThat(updates.get(3).data().reason()).isEqualTo("by the test");
        assertThat(updates.get(4).data().reason()).contains("rollback " + rollback + " ended ABORTED");
        // every update of the rollback says it is one, so a consumer counts it without replaying the holds
        assertThat(updates)
                .allSatisfy(update -> assertThat(update.data().rollback()).isTrue());
        assertThat(stage(OVERRULED, "dev").getString("freightId")).isEqualTo(newer);
    }

    @Test
    void anEventPublishedAgainKeepsItsIdSoAConsumerTellsItFromANewOne() {
        String freightId = build(REPLAYED, "0f1e2d3", 21);
        EventEnvelope<FreightCreated> created = kafka.awaitEvent(
                EventType.FREIGHT_CREATED, e -> e.data().freightId().equals(freightId), PromotionApi.WAIT);
        String devPromotion = stage(REPLAYED, "dev").getString("promotionId");
        List<EventEnvelope<PromotionUpdated>> before = awaitUpdates(devPromotion, 4);

        // the broker took them but the marks were lost (the instance stopped in between): the relay's safety net
        // publishes them again, as the same events
        forgetPublished(created.attributes().id());
        forgetPublished(before.get(1).attributes().id());

        List<EventEnvelope<FreightCreated>> freightTwice =
                awaitEvents(EventType.FREIGHT_CREATED, e -> e.data().freightId().equals(freightId), 2);
        // the same events in the same trace; each sending is a PRODUCER span of its own (its span id differs)
        assertThat(freightTwice)
                .allSatisfy(e -> assertThat(inTrace(e)).isEqualTo(inTrace(created)))
                .allSatisfy(e -> assertThat(e.data()).isEqualTo(created.data()));
        List<EventEnvelope<PromotionUpdated>> after = awaitUpdates(devPromotion, 5);
        assertThat(after.subList(0, 4).stream().map(DecisionEventsIT::inTrace))
                .containsExactlyElementsOf(
                        before.stream().map(DecisionEventsIT::inTrace).toList());
        assertThat(inTrace(after.get(4))).isEqualTo(inTrace(before.get(1)));
        assertThat(after.stream().map(e -> e.attributes().id()).distinct()).hasSize(4);
    }

    @Test
    void aFreightOfARegistryNotificationHasNoSourcesAndFollowsItsDigest() {
        String digest = TestEvents.digest();
        api.publishFromRegistry("notified", "main-abc1234-7", digest);

        EventEnvelope<FreightCreated> created = kafka.awaitEvent(
                EventType.FREIGHT_CREATED, e -> e.data().project().equals("notified"), PromotionApi.WAIT);
        assertThat(created.data().images())
                .singleElement()
                .satisfies(image -> assertThat(image.digest()).isEqualTo(digest));
        assertThat(created.data().sourceCommit()).isNull();
        assertThat(created.data().sources()).isEmpty();
        assertThat(created.attributes().correlationId()).isEqualTo(digest);
    }

    @Test
    void anImageAndAChartOfOneReleaseMakeOneFreightWhoseTargetsEachGetTheirArtifact() {
        String chartDigest = TestEvents.digest();
        kafka.produce(
                EventType.IMAGE_PUBLISHED,
                TestEvents.image(
                        "registry.test/acme/released", List.of("1.2.0"), commit("7e1ea5e"), TestEvents.digest()),
                "released-image");
        // the criteria refuse a chart of another version; the chart of the image's version makes the Freight
        kafka.produce(EventType.CHART_PUBLISHED, chart("1.1.0", TestEvents.digest()), "released-chart");
        kafka.produce(EventType.CHART_PUBLISHED, chart("1.2.0", chartDigest), "released-chart");

        FreightCreated freight = kafka.awaitEvent(
                        EventType.FREIGHT_CREATED, e -> e.data().project().equals("released"), PromotionApi.WAIT)
                .data();
        assertThat(freight.images()).extracting(ImageRef::tag).containsExactly("1.2.0");
        assertThat(freight.charts())
                .containsExactly(new ChartRef("registry.test/acme/charts/released", "1.2.0", chartDigest));
        assertThat(awaitEvents(
                        EventType.FREIGHT_CREATED, e -> e.data().project().equals("released"), 1))
                .hasSize(1);
        // auto-promoted into dev: the values file gets the image, the Application the chart version
        List<EventEnvelope<PromotionRequested>> requests = awaitEvents(
                EventType.PROMOTION_REQUESTED, e -> e.data().freightId().equals(freight.freightId()), 2);
        assertThat(requests)
                .extracting(e -> e.data().target().path(), e -> e.data().artifactDescription())
                .containsExactlyInAnyOrder(
                        tuple("released/values-dev.yaml", "registry.test/acme/released:1.2.0"),
                        tuple("released/application-dev.yaml", "registry.test/acme/charts/released 1.2.0"));
        JsonPath view = freightView("released", freight.freightId());
        assertThat(view.getString("charts[0].version")).isEqualTo("1.2.0");
        assertThat(view.getString("artifacts[0].tag")).isEqualTo("1.2.0");
    }

    @Test
    void aPushThatChangesAFollowedPathMakesGitFreightAndOneOfExcludedFilesDoesNot() {
        String docs = TestEvents.sha();
        String config = TestEvents.sha();
        kafka.produce(EventType.COMMIT_PUSHED, push(docs, "config/README.md"), docs);
        kafka.produce(EventType.COMMIT_PUSHED, push(config, "config/app.yaml"), config);

        FreightCreated freight = kafka.awaitEvent(
                        EventType.FREIGHT_CREATED, e -> e.data().project().equals("followed"), PromotionApi.WAIT)
                .data();
        assertThat(freight.images()).isEmpty();
        assertThat(freight.commits())
                .containsExactly(new GitCommitRef("https://git.test/acme/followed.git", "main", config, "change"));
        assertThat(freight.sourceCommit()).isEqualTo(config);
        PromotionRequested request = kafka.awaitEvent(
                        EventType.PROMOTION_REQUESTED,
                        e -> e.data().freightId().equals(freight.freightId()),
                        PromotionApi.WAIT)
                .data();
        assertThat(request.commit().id()).isEqualTo(config);
        assertThat(request.image()).isNull();
        assertThat(awaitEvents(
                        EventType.FREIGHT_CREATED, e -> e.data().project().equals("followed"), 1))
                .hasSize(1);
    }

    @Test
    void aSubscriptionsWaitingArtifactsAreCappedButTheOneAFreightMayStillTakeIsKept() {
        String pipeline = "capped";
        String charts = "registry.test/acme/charts/capped";
        OffsetDateTime first = OffsetDateTime.of(2026, 12, 6, 10, 0, 0, 0, ZoneOffset.UTC);
        List<String> versions = List.of("1.3.0", "1.0.0", "1.1.0", "1.2.0"); // in the order they arrived
        transactions
                .run(() -> {
                    Uni<Void> chain = warehouseArtifacts.record(
                            pipeline, WarehouseArtifact.Kind.IMAGE, "registry.test/acme/capped", "1.0.0", "{}", first);
                    for (int i = 0; i < versions.size(); i++) {
                        String version = versions.get(i);
                        OffsetDateTime at = first.plusMinutes(i + 1);
                        chain = chain.chain(() -> warehouseArtifacts.record(
                                pipeline, WarehouseArtifact.Kind.CHART, charts, version, version, at));
                    }
                    // the two newest are kept, and 1.3.0, the highest version, which came first
                    return chain.chain(() -> warehouseArtifacts
                            .byPipeline(pipeline)
                            .chain(loaded -> warehouseArtifacts.prune(
                                    pipeline, WarehouseArtifact.Kind.CHART, charts, 2, List.of("1.3.0"), loaded)));
                })
                .await()
                .atMost(PromotionApi.WAIT);

        assertThat(artifactsOf(pipeline)).containsExactly("{}", "1.3.0", "1.1.0", "1.2.0");

        transactions
                .run(() -> warehouseArtifacts
                        .byPipeline(pipeline)
                        .chain(loaded -> warehouseArtifacts.prune(
                                pipeline, WarehouseArtifact.Kind.CHART, charts, 2, List.of(), loaded)))
                .await()
                .atMost(PromotionApi.WAIT);
        // the image subscription's artifact is another subscription's: never counted, never forgotten
        assertThat(artifactsOf(pipeline)).containsExactly("{}", "1.1.0", "1.2.0");
    }

    private List<String> artifactsOf(String pipeline) {
        List<String> stored = new java.util.ArrayList<>();
        database.preparedQuery("select artifact_json from warehouse_artifact where pipeline = $1 order by seen_at")
                .execute(Tuple.of(pipeline))
                .await()
                .atMost(Duration.ofSeconds(10))
                .forEach(row -> stored.add(row.getString("artifact_json")));
        return stored;
    }

    private static ChartPublished chart(String version, String digest) {
        return new ChartPublished(
                "registry.test/acme/charts/released", version, version, digest, null, null, Instant.now());
    }

    private static CommitPushed push(String head, String changed) {
        CommitPushed.GitIdentity who = new CommitPushed.GitIdentity("alice", null);
        return new CommitPushed(
                UUID.randomUUID().toString(),
                CommitPushed.GitProvider.GITEA,
                new CommitPushed.GitRepository("acme/followed", "https://git.test/acme/followed.git", null, "main"),
                "refs/heads/main",
                CommitPushed.RefType.BRANCH,
                "main",
                TestEvents.sha(),
                head,
                List.of(new CommitPushed.Commit(
                        head, "change\n\nbody", Instant.now(), who, null, List.of(), List.of(changed), List.of())),
                false,
                1,
                who,
                Instant.now());
    }

    private static JsonPath freightView(String pipeline, String freightId) {
        return given().auth()
                .oauth2(PROMOTER)
                .get("/pipelines/{p}/freight/{f}", pipeline, freightId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Publishes build {@code number} of a commit starting with {@code prefix}; waits until dev runs it. */
    private static String build(String pipeline, String prefix, long number) {
        String tag = api.publishBuild(pipeline, commit(prefix), number, Instant.now());
        PromotionRequested request = api.awaitRequest(pipeline, "dev", tag).data();
        api.committed(request);
        awaitCurrent(pipeline, "dev", request.freightId());
        return request.freightId();
    }

    /** Waits until the stage's current promotion is a pending one; returns its id. */
    private static String awaitPending(String pipeline, String stageName) {
        await().atMost(PromotionApi.WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "PENDING".equals(stage(pipeline, stageName).getString("promotionStatus")));
        return stage(pipeline, stageName).getString("promotionId");
    }

    /** Once the row of {@code eventId} is marked published, forgets the mark, as if it had been lost. */
    private void forgetPublished(String eventId) {
        await().atMost(PromotionApi.WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> database.preparedQuery("select published from decision_event where id = $1")
                        .execute(Tuple.of(eventId))
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .iterator()
                        .next()
                        .getBoolean("published"));
        database.preparedQuery(
                        "update decision_event set published = false, publish_claimed_until = null where id = $1")
                .execute(Tuple.of(eventId))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private static FreightCreated onlyFreightCreated(String freightId) {
        List<EventEnvelope<FreightCreated>> found =
                awaitEvents(EventType.FREIGHT_CREATED, e -> e.data().freightId().equals(freightId), 1);
        assertThat(found).hasSize(1);
        return found.get(0).data();
    }

    /** The promotion's updates, in the order of their partition, once there are at least {@code count}. */
    private static List<EventEnvelope<PromotionUpdated>> awaitUpdates(String promotionId, int count) {
        return awaitEvents(
                EventType.PROMOTION_UPDATED, e -> e.data().promotionId().equals(promotionId), count);
    }

    /** Waits for {@code count} matching events; answers every matching event on the topic then, in offset order. */
    private static <T extends GitopsFlowEvent> List<EventEnvelope<T>> awaitEvents(
            EventType<T> type, Predicate<EventEnvelope<T>> match, int count) {
        Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> matching =
                record -> KafkaTestClient.decode(type, record).filter(match).isPresent();
        kafka.awaitRecords(type.topic(), count, matching, PromotionApi.WAIT);
        return kafka.readAll(type.topic(), matching).stream()
                .map(record -> KafkaTestClient.decode(type, record).orElseThrow())
                .toList();
    }

    private static List<org.assertj.core.groups.Tuple> changes(List<EventEnvelope<PromotionUpdated>> updates) {
        return updates.stream()
                .map(u -> tuple(
                        u.data().change(),
                        u.data().previousPhase(),
                        u.data().phase(),
                        u.data().actor()))
                .toList();
    }

    /** The event with its trace id but not its span id: what a second sending keeps. */
    private static <T extends GitopsFlowEvent> EventEnvelope<T> inTrace(EventEnvelope<T> event) {
        CloudEventAttributes a = event.attributes();
        String trace = a.traceparent() == null ? null : a.traceparent().substring(0, 35);
        return new EventEnvelope<>(
                new CloudEventAttributes(a.id(), a.source(), a.type(), a.subject(), a.time(), a.correlationId(), trace),
                event.data());
    }
}
