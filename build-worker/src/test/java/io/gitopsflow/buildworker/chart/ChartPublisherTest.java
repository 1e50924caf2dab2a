package io.gitopsflow.buildworker.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.testkit.TestFolders;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import land.oras.exception.OrasException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartPublisherTest {

    /** Nothing listens here: these tests fail before any push. */
    private final ChartPublisher publisher = new ChartPublisher(
            "127.0.0.1:" + TestFolders.freePort(), new OciChartPusher(true, Optional.empty()), Optional.empty());

    @TempDir
    Path checkout;

    @Test
    void onlyAReleaseTagOfStrictSemVerPackagesTheChart() {
        assertThat(ReleaseVersion.of("v1.2.0")).contains("1.2.0");
        assertThat(ReleaseVersion.of("v2.0.0-rc.1+build.7")).contains("2.0.0-rc.1+build.7");
        assertThat(ReleaseVersion.of("v1.2")).isEmpty();
        assertThat(ReleaseVersion.of("1.2.0")).isEmpty();
        assertThat(ReleaseVersion.of("v01.2.0")).isEmpty();
        assertThat(publisher.publish(checkout, push(CommitPushed.RefType.BRANCH, "main"), Optional.of(spec())))
                .isEmpty();
    }

    @Test
    void aChartNameThatIsNoOciNameFailsTheChartStepWithTheReason() throws IOException {
        chart("apiVersion: v2\nname: Books_API\nversion: 0.1.0\n");

        assertThatThrownBy(() ->
                        publisher.publish(checkout, push(CommitPushed.RefType.TAG, "v1.2.0"), Optional.of(spec())))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("name \"Books_API\" is no valid chart name")
                .matches(e -> !((ChartException) e).transientFailure());
    }

    @Test
    void aRegistryThatCannotBeReachedOrFailsIsATransientFailureARefusalIsNot() {
        // what ORAS throws once its own retries of a refused connection are spent
        assertThat(OciChartPusher.registryDown(
                        new OrasException("Unable to create HTTP request", new ConnectException())))
                .isTrue();
        assertThat(OciChartPusher.registryDown(new OrasException(503, "unavailable")))
                .isTrue();
        assertThat(OciChartPusher.registryDown(new OrasException(401, "unauthorized")))
                .isFalse();
    }

    @Test
    void aChartFolderOutsideTheCheckoutOrWithoutChartYamlIsRefused() throws IOException {
        // build.yaml's chart: as BuildSpecLoader reads it
        assertThatThrownBy(() -> ChartSpecLoader.load(checkout, "../elsewhere", null, "acme/books-api"))
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("chart");
        assertThatThrownBy(() -> ChartSpecLoader.load(checkout, "deploy/chart", null, "acme/books-api"))
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("holds no Chart.yaml");
    }

    @Test
    void theConventionFindsTheChartAndNamesItsRepositoryAfterTheOwner() throws IOException {
        chart("apiVersion: v2\nname: books-api\nversion: 0.1.0\n");

        ChartSpec spec =
                ChartSpecLoader.load(checkout, null, null, "Acme/books-api").orElseThrow();

        assertThat(spec.folder()).isEqualTo("helm/books-api");
        assertThat(spec.repositoryFor("books-api", "registry.local:5000", "Acme/books-api"))
                .isEqualTo("registry.local:5000/acme/charts/books-api");
        assertThatThrownBy(() -> new ChartSpec("helm/books-api", "registry.local:5000/acme/charts/other")
                        .repositoryFor("books-api", "registry.local:5000", "acme/books-api"))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("must end with the chart's name books-api");
    }

    private void chart(String chartYaml) throws IOException {
        Path folder = checkout.resolve("helm/books-api");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("Chart.yaml"), chartYaml);
    }

    private static ChartSpec spec() {
        return new ChartSpec("helm/books-api", null);
    }

    private static CommitPushed push(CommitPushed.RefType type, String name) {
        return new CommitPushed(
                "delivery-1",
                CommitPushed.GitProvider.GITEA,
                new CommitPushed.GitRepository("acme/books-api", "http://git.local/acme/books-api.git", null, "main"),
                (type == CommitPushed.RefType.TAG ? "refs/tags/" : "refs/heads/") + name,
                type,
                name,
                "0000000000000000000000000000000000000000",
                "0123456789abcdef0123456789abcdef01234567",
                List.of(),
                false,
                1,
                new CommitPushed.GitIdentity("ana", null),
                Instant.now());
    }
}
