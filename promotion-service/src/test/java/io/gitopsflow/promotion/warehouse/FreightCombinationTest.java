package io.gitopsflow.promotion.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.spec.pipeline.ChartSubscription;
import io.gitopsflow.spec.pipeline.GitSubscription;
import io.gitopsflow.spec.pipeline.Subscription;
import io.gitopsflow.spec.pipeline.TagStrategy;
import io.gitopsflow.spec.pipeline.Warehouse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreightCombinationTest {

    static final String IMAGE = "registry.test/acme/books-api";
    static final String CHART = "registry.test/acme/charts/books-api";
    static final String CONFIG = "https://git.test/acme/books-config.git";
    static final String DIGEST = "sha256:" + "c".repeat(64);

    static final Warehouse WAREHOUSE = new Warehouse(
            "books",
            List.of(new Subscription(IMAGE, TagStrategy.SEMVER, null, false, null, null, List.of())),
            List.of(new ChartSubscription(CHART, "^1.0")),
            List.of(new GitSubscription(CONFIG, "main", List.of(), List.of())),
            null);

    @Test
    void aFreightWaitsUntilEverySubscriptionHasAnArtifact() {
        FreightCombination.Result result = FreightCombination.combine(
                WAREHOUSE,
                Arrival.of(image("1.2.0")),
                new FreightCombination.Seen(List.of(), List.of(), List.of(chart("1.2.0")), List.of()));

        assertThat(result.waitingFor()).isEqualTo("a commit of " + CONFIG + " main");
    }

    @Test
    void theNewArtifactTravelsWithTheNewestEligibleOfEveryOtherSubscription() {
        FreightCombination.Seen seen = new FreightCombination.Seen(
                List.of(List.of(image("1.1.0"))),
                List.of(image("1.0.0")),
                List.of(chart("1.3.0"), chart("2.0.0"), chart("1.2.0")),
                List.of(commit("a"), commit("b")));

        FreightCombination.Result result = FreightCombination.combine(WAREHOUSE, Arrival.of(commit("d")), seen);

        assertThat(result.waitingFor()).isNull();
        assertThat(result.images()).extracting(Artifact::tag).containsExactly("1.1.0");
        assertThat(result.charts()).extracting(ChartRef::version).containsExactly("1.3.0");
        assertThat(result.commits()).extracting(GitCommitRef::id).containsExactly("d".repeat(40));
        assertThat(FreightCombination.combine(WAREHOUSE, Arrival.of(chart("1.0.1"), null), seen)
                        .commits())
                .extracting(GitCommitRef::id)
                .containsExactly("b".repeat(40));
    }

    @Test
    void theSameCombinationHasTheSameIdAndAFreightOfImagesOnlyKeepsItsId() {
        List<Artifact> images = List.of(image("1.2.0"));
        String imagesOnly = FreightIdentity.id("books", "books", images);

        assertThat(FreightIdentity.id("books", "books", images, List.of(), List.of()))
                .isEqualTo(imagesOnly);
        String withChart = FreightIdentity.id("books", "books", images, List.of(chart("1.2.0")), List.of());
        assertThat(withChart).isNotEqualTo(imagesOnly);
        assertThat(FreightIdentity.id("books", "books", images, List.of(chart("1.2.0")), List.of()))
                .isEqualTo(withChart);
        assertThat(FreightIdentity.id("books", "books", images, List.of(chart("1.2.1")), List.of()))
                .isNotEqualTo(withChart);
        assertThat(FreightIdentity.id("books", "books", images, List.of(), List.of(commit("a"))))
                .isNotEqualTo(FreightIdentity.id("books", "books", images, List.of(), List.of(commit("b"))));
    }

    @Test
    void whatALaterFreightMayStillTakeIsTheNewestOfTheArrivalsSubscriptionWhateverItsAge() {
        FreightCombination.Seen seen = new FreightCombination.Seen(
                List.of(List.of(image("3.0.0"))),
                List.of(image("2.0.0"), image("1.0.0"), image("1.1.0")),
                List.of(chart("1.3.0"), chart("2.0.0"), chart("1.2.0")),
                List.of(commit("a"), commit("b")));

        assertThat(FreightCombination.newestOfSubscription(WAREHOUSE, Arrival.of(image("1.1.0")), seen))
                .extracting(Arrival::identity)
                .containsExactly("2.0.0@" + DIGEST);
        // 2.0.0 is outside ^1.0: the newest a Freight takes is 1.3.0, though it came first
        assertThat(FreightCombination.newestOfSubscription(WAREHOUSE, Arrival.of(chart("1.2.0"), null), seen))
                .extracting(Arrival::identity)
                .containsExactly("1.3.0@" + DIGEST);
        assertThat(FreightCombination.newestOfSubscription(WAREHOUSE, Arrival.of(commit("b")), seen))
                .extracting(Arrival::identity)
                .containsExactly("main@" + "b".repeat(40));
    }

    static Artifact image(String tag) {
        return new Artifact(IMAGE, tag, DIGEST, null, null, Instant.EPOCH);
    }

    static ChartRef chart(String version) {
        return new ChartRef(CHART, version, DIGEST);
    }

    static GitCommitRef commit(String letter) {
        return new GitCommitRef(CONFIG, "main", letter.repeat(40), "change " + letter);
    }
}
