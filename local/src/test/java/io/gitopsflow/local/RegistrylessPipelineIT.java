package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.ImagePublished;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./gitops-flow-local} on a machine with nothing but a JDK: no registry runs, so build-worker writes each image
 * as an OCI image archive and publishes its digest, and the pipeline goes on to a verified dev exactly as with a
 * registry (that path: {@link PipelineEndToEndIT}); the push is one trace across every service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistrylessPipelineIT {

    private static final Duration FLOW = Duration.ofMinutes(3);

    private static RunningStack run;
    private static LocalStack stack;
    private static EventFeed feed;
    /** The push the first test delivered to a verified dev; the second follows its trace. */
    private static SamplePush.Push delivered;

    @BeforeAll
    static void startStack() {
        run = NoRegistryStack.shared();
        stack = run.stack();
        feed = run.feed();
    }

    @AfterAll
    static void stopStack() {
        NoRegistryStack.close(); // the last user of the shared stack (RegistrylessHostileRequestsIT ran on it first)
    }

    @Test
    @Order(1)
    void withoutARegistryTheImageIsAnOciArchiveAndDevIsWrittenAndVerified() {
        assertThat(stack.imageArchives()).isPresent();
        SamplePush pushes = new SamplePush(stack.git(), stack.url("event-gateway"));
        PromotionClient promotions = new PromotionClient(stack.url("promotion-service"), stack.users());

        SamplePush.Push push = pushes.commit(
                "Say hello without a registry", Map.of("site/index.html", "<h1>books-api</h1>\n<p>Hello.</p>\n"));
        ImagePublished image = DevFlow.pushAndAwaitImage(stack, feed, pushes, push, FLOW);
        String tag = DevFlow.mainTag(image, push);
        // one archive per tag, named by the image reference
        Path folder = stack.imageArchives().orElseThrow().resolve(stack.imageRepository());
        for (String each : image.tags()) {
            assertThat(folder.resolve(each + ".tar")).isRegularFile();
        }
        assertThat(Files.isRegularFile(folder.resolve(tag + ".tar"))).isTrue();

        DevFlow.awaitDevWrittenAndVerified(stack, promotions, tag, image.digest(), FLOW);
        assertThat(feed.all()).noneMatch(EventFeed.Received::deadLetter);
        delivered = push;
    }

    @Test
    @Order(2)
    void thePushIsOneTraceFromTheWebhookThroughEveryKafkaHopToTheVerdict() {
        assertThat(delivered).as("the push the test before delivers").isNotNull();
        String traceId = PushTrace.traceIdOf(feed, delivered.after());

        var trace = PushTrace.awaitWhole(NoRegistryStack.traces(), traceId, Duration.ofSeconds(60));

        // the slow steps have spans of their own, in the same trace
        assertThat(trace)
                .extracting(OtlpReceiver.ReceivedSpan::name)
                .anyMatch(name -> name.startsWith("git clone "))
                .anyMatch(name -> name.startsWith("image build and push "))
                .anyMatch(name -> name.startsWith("gitops write "))
                .anyMatch(name -> name.startsWith("measure "))
                .contains("process analysis-completed", "send analysis-completed");
    }

    @Test
    void eachInstanceKeepsItsScratchFoldersInTheStacksOwnWorkFolder() {
        // two stacks on one machine (a test's and a developer's) once shared /tmp/gitops-flow-pipelines, and one
        // promotion-service read the other's pipelines
        Path tmp = stack.work().resolve("tmp");
        assertThat(tmp.resolve("promotion-service-0/gitops-flow-pipelines/.git"))
                .isDirectory();
    }

    @Test
    void everyServiceWarmedUpAsItStartedWithoutAFailure() throws Exception {
        // the start's warm-ups (messaging's WarmUps) run in a real start; the tests' own applications skip them
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String service : PushTrace.SERVICES) {
                String log = Files.readString(stack.instances(service).get(0).log());
                assertThat(log).as(service).contains("warmed up the Kafka producers' topic metadata");
                assertThat(log).as(service).doesNotContain("could not warm up");
            }
        });
        // readiness waited for them: ready, each warm-up's time in its check
        HttpClient http = HttpClient.newHttpClient();
        for (String service : PushTrace.SERVICES) {
            String ready = http.send(
                            HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/health/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(ready)
                    .as(service)
                    .contains("\"warm-up\"")
                    .contains("the Kafka producers' topic metadata")
                    .doesNotContain("\"DOWN\"");
        }
    }
}
