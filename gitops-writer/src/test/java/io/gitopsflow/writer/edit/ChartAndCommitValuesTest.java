package io.gitopsflow.writer.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import org.junit.jupiter.api.Test;

/** helm-values with a chart or a commit, and the image editors' refusal of both. */
class ChartAndCommitValuesTest {

    private static final String DIGEST = GoldenFilesTest.DIGEST;
    private static final Artifact CHART =
            new Artifact.Chart(new ChartRef("registry.example.com/acme/charts/books-api", "1.4.2+build.3", DIGEST));
    private static final String SHA = "89abcdef0123456789abcdef0123456789abcdef";
    private static final Artifact COMMIT =
            new Artifact.Commit(new GitCommitRef("https://git.example.com/acme/config.git", "main", SHA, null));
    private static final ManifestEditors EDITORS = ManifestEditors.standard();
    private static final String VALUES =
            "books-api:\n  chart:\n    version: \"1.4.1\" # the sub-chart\n  config: abc\n";

    @Test
    void helmValuesWritesAChartsVersionOrDigestAndACommitsSha() {
        assertThat(EDITORS.edit(VALUES, target(EditKind.HELM_VALUES, "books-api.chart.version", ValueFormat.TAG), CHART)
                        .text())
                .isEqualTo(VALUES.replace("\"1.4.1\"", "\"1.4.2+build.3\""));
        assertThat(EDITORS.edit(
                                VALUES,
                                target(EditKind.HELM_VALUES, "books-api.chart.digest", ValueFormat.DIGEST),
                                CHART)
                        .text())
                .isEqualTo(VALUES.replace("  config", "    digest: " + DIGEST + "\n  config"));
        assertThat(EDITORS.edit(VALUES, target(EditKind.HELM_VALUES, "books-api.config", ValueFormat.TAG), COMMIT)
                        .text())
                .isEqualTo(VALUES.replace("config: abc", "config: " + SHA));
        assertThat(ValueFormats.value(COMMIT, ValueFormat.DIGEST)).isEqualTo(SHA);
    }

    @Test
    void formatsThatWriteAnImageReferenceAreRefusedForChartsAndCommits() {
        assertThatThrownBy(() -> ValueFormats.value(CHART, ValueFormat.REFERENCE_TAG))
                .isInstanceOf(ManifestEditException.class)
                .hasMessage("value format reference-tag writes an image reference, but this request promotes a chart"
                        + " (chart registry.example.com/acme/charts/books-api 1.4.2+build.3); a chart is written as tag"
                        + " (its version) or digest");
        assertThatThrownBy(() -> ValueFormats.value(COMMIT, ValueFormat.REPOSITORY))
                .hasMessageContaining("a commit is written as tag or digest (both its full SHA)");
    }

    @Test
    void theImageEditorsRefuseChartsAndCommits() {
        assertThatThrownBy(() -> EDITORS.edit(
                        "images: []\n", target(EditKind.KUSTOMIZE_IMAGE, "books-api", ValueFormat.TAG), CHART))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageStartingWith("kustomize-image writes an image, but this request promotes a chart");
        assertThatThrownBy(() -> EDITORS.edit(
                        "kind: Pod\n", target(EditKind.MANIFEST_IMAGE, null, ValueFormat.REFERENCE_TAG), COMMIT))
                .hasMessageStartingWith("manifest-image writes an image, but this request promotes a commit");
    }

    @Test
    void aVersionThatCouldBreakTheYamlIsRefused() {
        assertThatThrownBy(() -> new HelmValuesEditor().set(VALUES, "books-api.chart.version", "1.0+x\ny: z"))
                .hasMessageContaining("a line break");
        assertThatThrownBy(() -> new HelmValuesEditor().set(VALUES, "books-api.chart.version", "+1.0"))
                .hasMessageContaining("must start with a letter or digit");
    }

    private static GitOpsTarget target(EditKind kind, String field, ValueFormat format) {
        return InjectionTest.target(kind, field, format);
    }
}
