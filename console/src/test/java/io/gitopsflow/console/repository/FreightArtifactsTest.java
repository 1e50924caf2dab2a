package io.gitopsflow.console.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.FreightSummary;
import org.junit.jupiter.api.Test;

/** A Freight's artifacts as the queries select them, read without a database. */
class FreightArtifactsTest {

    private final FreightArtifacts artifacts = new FreightArtifacts(new ObjectMapper());

    @Test
    void imagesChartsAndCommitsReadFromTheColumnsObject() {
        FreightArtifacts.Artifacts read = artifacts.read(
                "{\"images\":[{\"repository\":\"r.test/acme/books\","
                        + "\"tag\":\"1.2.0\",\"digest\":\"sha256:aa\"}],\"charts\":[{\"repository\":\"r.test/acme/charts/books\","
                        + "\"version\":\"1.2.0\",\"digest\":\"sha256:bb\"}],\"commits\":[{\"repositoryUrl\":"
                        + "\"http://git.test/acme/config.git\",\"branch\":\"main\",\"id\":\"5e8d2c1b\",\"message\":\"3 replicas\"}]}");

        assertThat(read.images()).containsExactly(new FreightSummary.Image("r.test/acme/books", "1.2.0", "sha256:aa"));
        assertThat(read.charts())
                .containsExactly(new FreightSummary.Chart("r.test/acme/charts/books", "1.2.0", "sha256:bb"));
        assertThat(read.charts().get(0).name()).isEqualTo("books");
        assertThat(read.commits())
                .containsExactly(new FreightSummary.GitCommit(
                        "http://git.test/acme/config.git", "main", "5e8d2c1b", "3 replicas"));
    }

    @Test
    void aFreightNotSeenYetOrOfAnotherShapeHasNoArtifactsAndAnOlderImageListStillReads() {
        assertThat(artifacts.read(null)).isEqualTo(FreightArtifacts.Artifacts.NONE);
        assertThat(artifacts.read("{\"images\":null,\"charts\":null,\"commits\":null}"))
                .isEqualTo(FreightArtifacts.Artifacts.NONE);
        assertThat(artifacts.read("not json")).isEqualTo(FreightArtifacts.Artifacts.NONE);
        assertThat(artifacts.read(
                        "{\"images\":[{\"tag\":\"1\"}],\"charts\":[{\"repository\":\"r\"}],\"commits\":[{}]}"))
                .isEqualTo(FreightArtifacts.Artifacts.NONE);
        assertThat(artifacts.read("[\"r.test/acme/books@sha256:aa\"]").images())
                .containsExactly(new FreightSummary.Image("r.test/acme/books", null, "sha256:aa"));
    }
}
