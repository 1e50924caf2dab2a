package io.gitopsflow.promotion;

import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.SourceCommit;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events the tests play gitops-writer and build-worker with, and the small values they need. */
public final class TestEvents {

    private TestEvents() {}

    /** gitops-writer's answer to {@code request}. */
    public static ManifestUpdated answer(
            PromotionRequested request, ManifestUpdated.Status status, String commit, String pullRequestUrl) {
        return new ManifestUpdated(
                request.requestId(),
                request.promotionId(),
                request.project(),
                request.stage(),
                request.freightId(),
                request.target(),
                status,
                commit,
                null,
                request.image().tag(),
                pullRequestUrl,
                status == ManifestUpdated.Status.FAILED ? "refused by the test" : null,
                1,
                Instant.now());
    }

    /** An image built from {@code commit} of {@code acme/books-api}. */
    public static ImagePublished image(String repository, List<String> tags, String commit, String digest) {
        return new ImagePublished(
                repository,
                tags,
                digest,
                new SourceCommit("acme/books-api", "https://git.test/acme/books-api.git", commit, "refs/heads/main"),
                "build-" + commit.substring(0, 8),
                ImagePublished.Origin.BUILD_WORKER,
                Instant.now(),
                null);
    }

    /** A fresh digest. */
    public static String digest() {
        return "sha256:" + sha() + sha().substring(0, 24);
    }

    /** A fresh commit SHA. */
    public static String sha() {
        return (UUID.randomUUID().toString() + UUID.randomUUID())
                .replace("-", "")
                .substring(0, 40);
    }

    /** Asserts {@code assertion} again and again for the whole {@code window}: nothing changes meanwhile. */
    public static void stillTrue(java.time.Duration window, org.awaitility.core.ThrowingRunnable assertion) {
        org.awaitility.Awaitility.await()
                .during(window)
                .atMost(window.plusSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(250))
                .untilAsserted(assertion);
    }
}
