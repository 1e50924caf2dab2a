package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.ImagePublished;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./gitops-flow-local} on a machine with nothing but a JDK: no registry runs, so build-worker writes each image
 * as an OCI image archive and publishes its digest, and the pipeline goes on to a verified dev exactly as with a
 * registry (that path: {@link PipelineEndToEndIT}).
 */
class NoRegistryPipelineIT {

    private static final Duration FLOW = Duration.ofMinutes(3);

    private static LocalStack stack;
    private static EventFeed feed;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(Path.of(System.getProperty("gitopsflow.root", "..")), false, false, System.out);
        feed = EventFeed.start(stack.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopStack() {
        if (feed != null) {
            feed.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void withoutARegistryTheImageIsAnOciArchiveAndDevIsWrittenAndVerified() {
        assertThat(stack.imageArchives()).isPresent();
        SamplePush pushes = new SamplePush(stack.git(), stack.url("event-gateway"));
        PromotionClient promotions = new PromotionClient(stack.url("promotion-service"), stack.tokens());

        SamplePush.Push push = pushes.commit(
                "Say hello without a registry", Map.of("site/index.html", "<h1>books-api</h1>\n<p>Hello.</p>\n"));
        HttpResponse<String> accepted = pushes.send(push);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        ImagePublished image = feed.await(
                        ImagePublished.class,
                        published -> published.source() != null
                                && push.after().equals(published.source().commit()),
                        FLOW)
                .as(ImagePublished.class)
                .orElseThrow();
        assertThat(image.imageRepository()).isEqualTo(stack.imageRepository());
        String tag = image.tags().stream()
                .filter(t -> t.startsWith("main-" + push.after().substring(0, 7)))
                .findFirst()
                .orElseThrow();
        // one archive per tag, named by the image reference
        Path folder = stack.imageArchives().orElseThrow().resolve(stack.imageRepository());
        for (String each : image.tags()) {
            assertThat(folder.resolve(each + ".tar")).isRegularFile();
        }
        assertThat(Files.isRegularFile(folder.resolve(tag + ".tar"))).isTrue();

        await().atMost(FLOW)
                .untilAsserted(() -> assertThat(values("dev"))
                        .contains("tag: \"" + tag + "\"")
                        .contains("digest: \"" + image.digest() + "\""));
        await().atMost(FLOW).untilAsserted(() -> {
            JsonNode dev = promotions.stage("dev");
            assertThat(dev.path("promotionStatus").asText()).isEqualTo("SUCCEEDED");
            assertThat(dev.path("verified").asBoolean()).isTrue();
        });
        assertThat(feed.all()).noneMatch(EventFeed.Received::deadLetter);
    }

    private static String values(String stage) {
        return stack.git().file(LocalStack.GITOPS, "main", "charts/books-api/values-" + stage + ".yaml");
    }
}
