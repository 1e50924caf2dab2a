package io.gitopsflow.buildworker.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChartYamlTest {

    private static final String SEED_CHART = """
            # books-api: the chart the release pipeline bumps
            apiVersion: v2
            name: books-api
            description: Bücher 📚 as a service   # kept as written
            type: application

            # the chart's own version, set from the release tag
            version: 0.1.0 # chart
            appVersion: "0.1.0"
            dependencies:
              - name: postgresql
                version: 12.1.2
                repository: oci://registry-1.docker.io/bitnamicharts
            """;

    @Test
    void aReleaseReplacesOnlyTheTwoScalarsAndKeepsEveryOtherByte() {
        String edited = ChartYaml.withVersion(SEED_CHART, "1.2.0");

        assertThat(edited)
                .isEqualTo(SEED_CHART
                        .replace("version: 0.1.0 # chart", "version: 1.2.0 # chart")
                        .replace("appVersion: \"0.1.0\"", "appVersion: \"1.2.0\""));
        assertThat(ChartYaml.metadata(edited)).containsEntry("version", "1.2.0").containsEntry("appVersion", "1.2.0");
    }

    @Test
    void singleQuotesWindowsLineEndingsAndPreReleasesAreKept() {
        String chart = "apiVersion: v2\r\nname: app\r\nversion: '0.0.1'\r\nappVersion: 0.0.1\r\nkeywords: [a, b]\r\n";

        assertThat(ChartYaml.withVersion(chart, "2.0.0-rc.1+build.5"))
                .isEqualTo("apiVersion: v2\r\nname: app\r\nversion: '2.0.0-rc.1+build.5'\r\n"
                        + "appVersion: 2.0.0-rc.1+build.5\r\nkeywords: [a, b]\r\n");
    }

    @Test
    void aMissingKeyIsAddedAtTheEndAndAnEmptyOneGetsItsValue() {
        String chart = "apiVersion: v2\nname: app\nversion:\n# no appVersion yet";

        assertThat(ChartYaml.withVersion(chart, "1.0.0"))
                .isEqualTo("apiVersion: v2\nname: app\nversion: 1.0.0\n# no appVersion yet\nappVersion: 1.0.0\n");
    }

    @Test
    void aFlowMappingABlockScalarOrSeveralDocumentsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ChartYaml.withVersion("{name: app, version: 1.0.0}", "1.2.0"))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("block mapping");
        assertThatThrownBy(() -> ChartYaml.withVersion("name: app\nversion: |\n  1.0.0\n", "1.2.0"))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("one line");
        assertThatThrownBy(() -> ChartYaml.withVersion("name: a\n---\nname: b\n", "1.2.0"))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("exactly one YAML document");
        assertThatThrownBy(() -> ChartYaml.withVersion("name: [a\n", "1.2.0"))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("not valid YAML");
    }
}
