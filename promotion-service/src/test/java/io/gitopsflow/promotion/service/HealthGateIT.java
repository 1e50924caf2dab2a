package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.TestEvents.sha;
import static io.gitopsflow.promotion.TestEvents.stillTrue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gitopsflow.events.CommitPushed;
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
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The health gate against Argo CD Application resources held by the Fabric8 Kubernetes mock server (CRUD mode): it
 * waits for the written commit and Healthy, and for a target with {@code argoCd.sync} it requests the sync itself
 * when gitops-writer's request is missing (lost, or a merged pull request), once, and again only after a failed sync.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_health"))
@WithTestResource(TestSupport.class)
class HealthGateIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GITOPS = "https://git.test/acme/gitops.git";
    private static KafkaTestClient kafka;

    /** The application's own client: the test resource points it at the mock server. */
    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer server;

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

    @Test
    void theGateRequestsTheSyncOnceAtTheWrittenCommitAndPassesOnceArgoCdSyncedIt() {
        manualSync("synced-dev");
        PromotionRequested request = publishAndAwaitRequest("synced", "1.0.0");
        String written = sha();
        answer(request, written); // gitops-writer's own request is not played: as if it was lost

        Map<String, Object> operation = awaitOperation("synced-dev");
        assertThat(operation)
                .containsEntry("sync", Map.of("revision", written))
                .containsEntry("initiatedBy", Map.of("username", "gitops-flow"));
        assertThat(operation.get("info").toString()).contains(request.promotionId());
        // the gate checks every second: while the operation is set it is neither written again nor the gate passed
        String version = resourceVersion("synced-dev");
        stillTrue(Duration.ofSeconds(3), () -> {
            assertThat(resourceVersion("synced-dev")).isEqualTo(version);
            assertThat(status(request.promotionId())).isEqualTo("HEALTH_CHECK");
        });

        argoCdRan("synced-dev", written, "Succeeded");
        awaitStatus(request.promotionId(), "SUCCEEDED");
        assertThat(syncRequests(request.promotionId()))
                .containsExactly("sync requested at " + written + " of Argo CD Application argocd/synced-dev");
    }

    @Test
    void aMergedPullRequestGetsOneSyncRequestAtItsMergeCommit() {
        manualSync("merged-dev");
        PromotionRequested request = publishAndAwaitRequest("merged", "1.0.0");
        String head = sha();
        kafka.produce(
                EventType.MANIFEST_UPDATED,
                TestEvents.answer(
                        request, ManifestUpdated.Status.PR_OPENED, head, "https://git.test/acme/gitops/pulls/3"),
                request.sourceCommit());
        await().atMost(WAIT).until(() -> actions(request.promotionId()).contains("pull-request-opened"));
        assertThat(operation("merged-dev")).isNull(); // nothing is written before the merge

        String mergeCommit = sha();
        kafka.produce(EventType.COMMIT_PUSHED, merge(head, mergeCommit, request.promotionId()), mergeCommit);

        assertThat(awaitOperation("merged-dev")).containsEntry("sync", Map.of("revision", mergeCommit));
        argoCdRan("merged-dev", mergeCommit, "Succeeded");
        awaitStatus(request.promotionId(), "SUCCEEDED");
        assertThat(syncRequests(request.promotionId()))
                .containsExactly("sync requested at " + mergeCommit + " of Argo CD Application argocd/merged-dev");
    }

    @Test
    void anApiAnsweringErrorsFailsNothingAndTheSyncIsRequestedAtALaterCheckAndAgainAfterAFailedSync() {
        manualSync("unreachable-dev");
        String path = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/unreachable-dev";
        server.expect().get().withPath(path).andReturn(500, "etcd is down").times(2);
        server.expect().patch().withPath(path).andReturn(500, "etcd is down").times(2);
        drainRequests();
        PromotionRequested request = publishAndAwaitRequest("unreachable", "1.0.0");
        String written = sha();
        answer(request, written);

        // two checks could not read the Application, two could not patch it, the next one requested the sync
        List<String> calls = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            calls.addAll(drainRequests());
            return calls.stream().filter(call -> call.equals("PATCH " + path)).count() == 3;
        });
        assertThat(calls.subList(0, calls.indexOf("PATCH " + path)))
                .containsOnly("GET " + path)
                .hasSizeGreaterThan(2);
        assertThat(awaitOperation("unreachable-dev")).containsEntry("sync", Map.of("revision", written));
        assertThat(status(request.promotionId())).isEqualTo("HEALTH_CHECK");

        // Argo CD ran it and it failed: finished without reaching the commit, so it is requested once more
        argoCdRan("unreachable-dev", written, "Failed");
        assertThat(awaitOperation("unreachable-dev")).containsEntry("sync", Map.of("revision", written));
        argoCdRan("unreachable-dev", written, "Succeeded");
        awaitStatus(request.promotionId(), "SUCCEEDED");
        assertThat(syncRequests(request.promotionId())).hasSize(2);
    }

    /** An Application of the GitOps repository with manual sync, not at the commit yet (Argo CD compared an older). */
    private void manualSync(String name) {
        replace(
                client,
                name,
                Map.of(
                        "spec",
                        Map.of("source", Map.of("repoURL", GITOPS, "path", name, "targetRevision", "main")),
                        "status",
                        Map.of(
                                "sync",
                                Map.of("status", "OutOfSync", "revision", "0".repeat(40)),
                                "health",
                                Map.of("status", "Healthy"))));
    }

    /** Plays Argo CD's controller: it took the operation, ran it to {@code phase}, and compared with the commit. */
    private void argoCdRan(String name, String revision, String phase) {
        boolean succeeded = phase.equals("Succeeded");
        replace(
                client,
                name,
                Map.of(
                        "spec",
                        Map.of("source", Map.of("repoURL", GITOPS, "path", name, "targetRevision", "main")),
                        "status",
                        Map.of(
                                "operationState",
                                Map.of(
                                        "phase",
                                        phase,
                                        "operation",
                                        Map.of("sync", Map.of("revision", revision)),
                                        "syncResult",
                                        Map.of("revision", succeeded ? revision : "0".repeat(40))),
                                "sync",
                                Map.of("status", succeeded ? "Synced" : "OutOfSync", "revision", revision),
                                "health",
                                Map.of("status", succeeded ? "Healthy" : "Degraded"))));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> operation(String name) {
        GenericKubernetesResource application =
                applications(client).withName(name).get();
        return application == null
                ? null
                : (Map<String, Object>) application.getAdditionalProperties().get("operation");
    }

    private Map<String, Object> awaitOperation(String name) {
        return await().atMost(WAIT).until(() -> operation(name), Objects::nonNull);
    }

    private String resourceVersion(String name) {
        return applications(client).withName(name).get().getMetadata().getResourceVersion();
    }

    /** The API calls the mock server received since the last call, as {@code METHOD path}. */
    private List<String> drainRequests() {
        List<String> calls = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                calls.add(request.getMethod() + " " + request.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return calls;
    }

    private static List<String> actions(String promotionId) {
        return audit(promotionId).getList("action");
    }

    /** The reasons of the promotion's sync requests in its audit trail. */
    private static List<String> syncRequests(String promotionId) {
        return audit(promotionId).getList("findAll { it.action == 'sync-requested' }.reason");
    }

    private static JsonPath audit(String promotionId) {
        return given().auth()
                .oauth2(TestSupport.token("viewer"))
                .queryParam("promotion", promotionId)
                .get("/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The push that merges the promotion's pull request: its commit carries the Promotion-Id trailer. */
    private static CommitPushed merge(String prHead, String mergeCommit, String promotionId) {
        CommitPushed.GitIdentity who = new CommitPushed.GitIdentity("gitops-bot", null);
        return new CommitPushed(
                UUID.randomUUID().toString(),
                CommitPushed.GitProvider.GITHUB,
                new CommitPushed.GitRepository("acme/gitops", GITOPS, null, "main"),
                "refs/heads/main",
                CommitPushed.RefType.BRANCH,
                "main",
                sha(),
                mergeCommit,
                List.of(
                        commit(prHead, "merged dev 1.0.0\n\nPromotion-Id: " + promotionId, who),
                        commit(mergeCommit, "Merge pull request #3", who)),
                false,
                2,
                who,
                Instant.now());
    }

    private static CommitPushed.Commit commit(String id, String message, CommitPushed.GitIdentity who) {
        return new CommitPushed.Commit(id, message, Instant.now(), who, null, List.of(), List.of(), List.of());
    }

    private static void application(KubernetesClient client, String revision, String health) {
        replace(
                client,
                "gated-dev",
                Map.of(
                        "status",
                        Map.of(
                                "sync",
                                Map.of("status", "Synced", "revision", revision),
                                "health",
                                Map.of("status", health))));
    }

    /** Replaces the Application {@code argocd/<name>} with one of these fields besides metadata. */
    private static void replace(KubernetesClient client, String name, Map<String, Object> fields) {
        GenericKubernetesResource application = new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Application")
                .withNewMetadata()
                .withNamespace("argocd")
                .withName(name)
                .endMetadata()
                .withAdditionalProperties(fields)
                .build();
        // replaced whole: the mock server keeps the status of a created resource, as Argo CD's controller sets it
        applications(client).withName(name).delete();
        await().atMost(WAIT).until(() -> applications(client).withName(name).get() == null);
        applications(client).resource(application).create();
    }

    private static NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            applications(KubernetesClient client) {
        return client.genericKubernetesResources(ArgoCdHealth.APPLICATIONS).inNamespace("argocd");
    }

    private static PromotionRequested publishAndAwaitRequest(String tag) {
        return publishAndAwaitRequest("gated", tag);
    }

    private static PromotionRequested publishAndAwaitRequest(String project, String tag) {
        String commit = sha();
        kafka.produce(
                EventType.IMAGE_PUBLISHED,
                TestEvents.image("registry.test/acme/" + project, List.of(tag), commit, TestEvents.digest()),
                commit);
        EventEnvelope<PromotionRequested> request = kafka.awaitEvent(
                EventType.PROMOTION_REQUESTED,
                e -> e.data().project().equals(project)
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
