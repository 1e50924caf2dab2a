package io.gitopsflow.writer.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.GitOpsTarget.WriteMode;
import org.junit.jupiter.api.Test;

class HelmChartDependencyEditorTest {

    private static final Artifact CHART = new Artifact.Chart(
            new ChartRef("registry.example.com/acme/charts/books-api", "1.4.2", GoldenFilesTest.DIGEST));
    private static final ManifestEditors EDITORS = ManifestEditors.standard();

    private static final String CHART_YAML = """
            apiVersion: v2
            name: shop   # the umbrella chart
            version: 0.3.0
            dependencies:
              - name: postgresql
                version: 15.5.1
                repository: oci://registry-1.docker.io/bitnamicharts
              # promoted by gitops-flow
              - name: books-api
                version: '1.4.1'
                repository: oci://registry.example.com/acme/charts
                condition: books-api.enabled
            """;

    @Test
    void setsTheVersionOfTheNamedDependencyKeepingEveryOtherByte() {
        EditResult result = edit(CHART_YAML, "books-api", CHART);

        assertThat(result.text()).isEqualTo(CHART_YAML.replace("'1.4.1'", "'1.4.2'"));
        assertThat(result.previousValue()).isEqualTo("1.4.1");
        assertThat(result.changes().get(0).location()).isEqualTo("line 10: dependencies[books-api].version");
        assertThat(edit(result.text(), "books-api", CHART).changed()).isFalse();
    }

    @Test
    void aMissingVersionIsCreatedInTheEntry() {
        String text =
                "apiVersion: v2\nname: shop\ndependencies:\n- name: books-api\n  repository: registry.example.com/acme/charts/\n";

        assertThat(edit(text, "books-api", CHART).text()).isEqualTo(text + "  version: 1.4.2\n");
    }

    @Test
    void anotherDependencyOrRepositoryOrArtifactIsRefusedWithTheReason() {
        assertThatThrownBy(() -> edit(CHART_YAML, "postgresql", CHART))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("the dependency \"postgresql\" is not the promoted chart \"books-api\"");
        String elsewhere = CHART_YAML.replace("oci://registry.example.com/acme/charts", "https://charts.example.com");
        assertThatThrownBy(() -> edit(elsewhere, "books-api", CHART))
                .hasMessage(
                        "line 9: the dependency \"books-api\" comes from \"https://charts.example.com\", not from the"
                                + " promoted chart's registry \"oci://registry.example.com/acme/charts\"");
        String absent = CHART_YAML.replace("name: books-api", "name: orders-api");
        assertThatThrownBy(() -> edit(absent, "books-api", CHART))
                .hasMessage("line 5: no dependency is named \"books-api\" (dependencies: postgresql, orders-api)");
        String twice = CHART_YAML
                .replace("name: postgresql", "name: books-api")
                .replace("oci://registry-1.docker.io/bitnamicharts", "oci://registry.example.com/acme/charts");
        assertThatThrownBy(() -> edit(twice, "books-api", CHART)).hasMessageContaining("two dependencies are named");
        assertThatThrownBy(() -> edit("apiVersion: v2\nname: shop\n", "books-api", CHART))
                .hasMessageContaining("has no dependencies: list");
        Artifact commit =
                new Artifact.Commit(new GitCommitRef("https://git.example.com/a.git", "main", "a".repeat(40), null));
        assertThatThrownBy(() -> edit(CHART_YAML, "books-api", commit))
                .hasMessageContaining(
                        "helm-chart-dependency writes a chart version, but this request promotes a commit");
        assertThatThrownBy(() -> EDITORS.edit(CHART_YAML, target("books-api", ValueFormat.DIGEST), CHART))
                .hasMessageContaining("use the value format tag, not digest");
        assertThatThrownBy(() -> edit(CHART_YAML, "books-api\nx: y", CHART)).hasMessageStartingWith("invalid field");
    }

    private static EditResult edit(String text, String field, Artifact artifact) {
        return EDITORS.edit(text, target(field, ValueFormat.TAG), artifact);
    }

    private static GitOpsTarget target(String field, ValueFormat format) {
        return new GitOpsTarget(
                "https://git.example.com/acme/gitops.git",
                "main",
                "charts/shop/Chart.yaml",
                EditKind.HELM_CHART_DEPENDENCY,
                field,
                format,
                WriteMode.PUSH,
                null);
    }
}
