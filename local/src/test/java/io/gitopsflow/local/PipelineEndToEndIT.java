package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.testkit.KeycloakServer;
import io.gitopsflow.testkit.OciRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline as {@code ./gitops-flow-local} runs it: the five packaged services as separate processes on the
 * real Kafka broker, PostgreSQL, Git server, registry and Prometheus. A signed GitHub push webhook for a real commit
 * travels to a verified dev, waits for approval into staging, and a redelivery of the webhook changes nothing. It runs
 * on {@link OidcStack}, shared with the console's tests (people's tokens from Keycloak), through an application and
 * pipeline of its own, {@link SampleApp#JOURNAL}, so their pushes and approvals are not counted here; it is the last
 * user of that stack and closes it. Without Keycloak it starts a stack of its own.
 */
class PipelineEndToEndIT {

    private static final String GITOPS = LocalStack.GITOPS;
    private static final SampleApp APP = SampleApp.JOURNAL;
    private static final Duration FLOW = Duration.ofMinutes(3);

    private static RunningStack run;
    private static boolean shared;
    private static LocalStack stack;
    private static EventFeed feed;

    @BeforeAll
    static void startStack() {
        assumeTrue(OciRegistry.available(), "builds push to Debian's docker-registry: apt-get install docker-registry");
        shared = KeycloakServer.available();
        run = shared ? OidcStack.shared().run() : RunningStack.start(true);
        stack = run.stack();
        feed = run.feed();
    }

    @AfterAll
    static void stopStack() {
        if (shared) {
            OidcStack.close(); // the last user of the shared stack (the console's tests ran on it first)
        } else if (run != null) {
            run.close();
        }
    }

    @Test
    void aSignedPushIsBuiltWrittenToDevVerifiedAndWaitsForApprovalIntoStagingThenProd() {
        SamplePush pushes = new SamplePush(stack.git(), stack.url("event-gateway"), APP.repository());
        PromotionClient promotions = new PromotionClient(stack.url("promotion-service"), stack.users(), APP.pipeline());
        String stagingBefore = values("staging");

        SamplePush.Push push = pushes.commit(
                "Greet the readers", Map.of("site/index.html", "<h1>books-api</h1>\n<p>Welcome, readers.</p>\n"));
        // webhook → build → image: the digest the registry holds for the pushed commit
        ImagePublished image = DevFlow.pushAndAwaitImage(stack, APP, feed, pushes, push, FLOW);
        String tag = DevFlow.mainTag(image, push);

        // → Freight → dev: the GitOps repository's dev values file holds the new tag and digest, verified by the
        // analysis against Prometheus
        DevFlow.awaitDevWrittenAndVerified(stack, APP, promotions, tag, image.digest(), FLOW);
        assertThat(values("dev")).startsWith("# " + APP.chart() + " in dev (the image is written by gitops-flow)\n");
        assertThat(feed.events(AnalysisCompleted.class, a -> ours(a.project()) && "dev".equals(a.stage())))
                .singleElement()
                .satisfies(a -> assertThat(a.phase()).isEqualTo(AnalysisCompleted.Phase.SUCCESSFUL));

        // → staging waits for its approver: nothing written there yet
        JsonNode staging = await().atMost(FLOW)
                .until(
                        () -> promotions.stage("staging"),
                        s -> "PENDING".equals(s.path("promotionStatus").asText()));
        String stagingPromotion = staging.path("promotionId").asText();
        assertThat(values("staging")).isEqualTo(stagingBefore);

        // a redelivered webhook (same delivery id, same body) changes nothing
        int gitopsCommits = stack.git().commitCount(GITOPS, "main");
        HttpResponse<String> redelivered = pushes.send(push);
        assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(200);
        assertThat(redelivered.body()).contains("duplicate");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(feed.events(CommitPushed.class, c -> push.after().equals(c.after())))
                    .hasSize(1);
            assertThat(feed.events(
                            ImagePublished.class,
                            i -> i.source() != null
                                    && push.after().equals(i.source().commit())))
                    .hasSize(1);
            assertThat(stack.git().commitCount(GITOPS, "main")).isEqualTo(gitopsCommits);
            assertThat(promotions.stage("staging").path("promotionStatus").asText())
                    .isEqualTo("PENDING");
        });

        // the requester cannot approve, a user without the role cannot either; alice (staging-approver) can
        assertThat(promotions.approve(stagingPromotion, "bob", "not mine").statusCode())
                .isEqualTo(403);
        HttpResponse<String> approved = promotions.approve(stagingPromotion, "alice", "looks good");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        await().atMost(FLOW)
                .untilAsserted(() -> assertThat(values("staging")).contains("digest: \"" + image.digest() + "\""));
        await().atMost(FLOW)
                .untilAsserted(() -> assertThat(promotions
                                .stage("staging")
                                .path("promotionStatus")
                                .asText())
                        .isEqualTo("SUCCEEDED"));

        // prod needs two distinct prod-approvers: one is not enough, the same one twice neither
        JsonNode prod = await().atMost(FLOW)
                .until(
                        () -> promotions.stage("prod"),
                        s -> "PENDING".equals(s.path("promotionStatus").asText()));
        String prodPromotion = prod.path("promotionId").asText();
        assertThat(promotions.approve(prodPromotion, "bob", "first").statusCode())
                .isEqualTo(200);
        assertThat(promotions.approve(prodPromotion, "bob", "again").statusCode())
                .isBetween(400, 499);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .untilAsserted(() -> assertThat(
                                promotions.stage("prod").path("promotionStatus").asText())
                        .isEqualTo("PENDING"));
        assertThat(promotions.approve(prodPromotion, "carol", "second").statusCode())
                .isEqualTo(200);
        await().atMost(FLOW)
                .untilAsserted(() -> assertThat(values("prod"))
                        .contains("tag: \"" + tag + "\"")
                        .contains("digest: \"" + image.digest() + "\""));

        // one write per target and stage: never doubled, nothing dead-lettered on the way
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String stage : new String[] {"dev", "staging", "prod"}) {
                assertThat(feed.events(
                                ManifestUpdated.class,
                                m -> ours(m.project())
                                        && stage.equals(m.stage())
                                        && m.status() == ManifestUpdated.Status.COMMITTED))
                        .as("committed writes of %s", stage)
                        .hasSize(2);
                assertThat(
                                feed
                                        .events(
                                                PromotionRequested.class,
                                                p -> ours(p.project()) && stage.equals(p.stage()))
                                        .stream()
                                        .map(PromotionRequested::requestId)
                                        .distinct())
                        .hasSize(2);
            }
        });
        assertThat(feed.all()).noneMatch(EventFeed.Received::deadLetter);
    }

    @Test
    void aReleaseTagShipsItsImageAndChartAndTheReleaseStageWritesBothToGit() {
        SamplePush pushes = new SamplePush(stack.git(), stack.url("event-gateway"));
        SamplePush.Push release = pushes.tag("v1.2.0");
        HttpResponse<String> accepted = pushes.send(release);
        assertThat(accepted.statusCode()).as(accepted.body()).isBetween(200, 202);

        // build-worker: the image tagged 1.2.0 and the chart packaged at 1.2.0 from the same commit
        ChartPublished chart = feed.await(ChartPublished.class, c -> "1.2.0".equals(c.version()), FLOW)
                .as(ChartPublished.class)
                .orElseThrow();
        assertThat(chart.chartRepository()).isEqualTo(stack.registryHost() + "/acme/charts/books-api");
        assertThat(chart.appVersion()).isEqualTo("1.2.0");
        assertThat(chart.source().commit()).isEqualTo(release.after());
        ImagePublished image = feed.await(ImagePublished.class, i -> i.tags().contains("1.2.0"), FLOW)
                .as(ImagePublished.class)
                .orElseThrow();
        assertThat(image.source().commit()).isEqualTo(release.after());

        // the chart pulled back from the registry: a Helm chart artifact under the digest announced, which the real
        // Helm client (its Go library) reads with the release's version
        HttpResponse<String> manifest = stack.registry()
                .orElseThrow()
                .get("/v2/acme/charts/books-api/manifests/1.2.0", "application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(chart.digest());
        assertThat(manifest.body())
                .contains("\"mediaType\":\"application/vnd.cncf.helm.config.v1+json\"")
                .contains("\"mediaType\":\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\"");
        String shown = Helm.show("oci://" + chart.chartRepository())
                .chart()
                .withVersion("1.2.0")
                .plainHttp()
                .call();
        assertThat(shown).contains("name: books-api", "version: 1.2.0", "appVersion: 1.2.0");

        // promotion-service: one Freight of both (the criteria wait for the chart of the image's release), promoted to
        // release; gitops-writer: the Application's chart source and the release values say 1.2.0
        FreightCreated freight = feed.await(FreightCreated.class, f -> "books-release".equals(f.project()), FLOW)
                .as(FreightCreated.class)
                .orElseThrow();
        assertThat(freight.images())
                .singleElement()
                .satisfies(i -> assertThat(i.tag()).isEqualTo("1.2.0"));
        assertThat(freight.charts()).containsExactly(chart.chart());
        await().atMost(FLOW).untilAsserted(() -> {
            assertThat(stack.git().file(GITOPS, "main", SampleRepositories.RELEASE_APPLICATION))
                    .contains("      chart: books-api\n      targetRevision: 1.2.0 # the released chart\n");
            assertThat(stack.git().file(GITOPS, "main", SampleRepositories.RELEASE_VALUES))
                    .contains("  tag: \"1.2.0\" # the released image\n");
        });
        assertThat(feed.events(FreightCreated.class, f -> "books-release".equals(f.project())))
                .hasSize(1);
        assertThat(feed.all()).noneMatch(EventFeed.Received::deadLetter);
    }

    private static String values(String stage) {
        return DevFlow.values(stack, APP, stage);
    }

    /** Whether an event of {@code pipeline} is of this test's pipeline (the shared stack's others run other tests). */
    private static boolean ours(String pipeline) {
        return APP.pipeline().equals(pipeline);
    }
}
