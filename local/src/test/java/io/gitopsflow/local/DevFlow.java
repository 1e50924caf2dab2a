package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.ImagePublished;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The steps both end-to-end tests take from a signed push to a verified dev, with their checks. */
final class DevFlow {

    private DevFlow() {}

    /** The image built for {@code push} (its webhook accepted first), published for the sample application. */
    static ImagePublished pushAndAwaitImage(
            LocalStack stack, EventFeed feed, SamplePush pushes, SamplePush.Push push, Duration wait) {
        return pushAndAwaitImage(stack, SampleApp.BOOKS, feed, pushes, push, wait);
    }

    /** The image built for {@code push} (its webhook accepted first), published for {@code app}. */
    static ImagePublished pushAndAwaitImage(
            LocalStack stack, SampleApp app, EventFeed feed, SamplePush pushes, SamplePush.Push push, Duration wait) {
        HttpResponse<String> accepted = pushes.send(push);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        ImagePublished image = feed.await(
                        ImagePublished.class,
                        published -> published.source() != null
                                && push.after().equals(published.source().commit()),
                        wait)
                .as(ImagePublished.class)
                .orElseThrow();
        assertThat(image.imageRepository()).isEqualTo(stack.imageRepository(app));
        return image;
    }

    /** The image's {@code main-<sha7>-<n>} tag, the one dev's subscription takes. */
    static String mainTag(ImagePublished image, SamplePush.Push push) {
        return image.tags().stream()
                .filter(t -> t.startsWith("main-" + push.after().substring(0, 7)))
                .findFirst()
                .orElseThrow();
    }

    /** Waits until the sample's dev values file holds the tag and the digest, then until dev is verified. */
    static void awaitDevWrittenAndVerified(
            LocalStack stack, PromotionClient promotions, String tag, String digest, Duration wait) {
        awaitDevWrittenAndVerified(stack, SampleApp.BOOKS, promotions, tag, digest, wait);
    }

    /** Waits until {@code app}'s dev values file holds the tag and the digest, then until dev is verified. */
    static void awaitDevWrittenAndVerified(
            LocalStack stack, SampleApp app, PromotionClient promotions, String tag, String digest, Duration wait) {
        await().atMost(wait)
                .untilAsserted(() -> assertThat(values(stack, app, "dev"))
                        .contains("tag: \"" + tag + "\"")
                        .contains("digest: \"" + digest + "\""));
        await().atMost(wait).untilAsserted(() -> {
            JsonNode dev = promotions.stage("dev");
            assertThat(dev.path("promotionStatus").asText()).isEqualTo("SUCCEEDED");
            assertThat(dev.path("verified").asBoolean()).isTrue();
        });
    }

    /** {@code app}'s values file of {@code stage} in the GitOps repository's main branch. */
    static String values(LocalStack stack, SampleApp app, String stage) {
        return stack.git().file(LocalStack.GITOPS, "main", app.valuesFile(stage));
    }
}
