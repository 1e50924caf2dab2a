package io.gitopsflow.writer.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.GitOpsTarget.WriteMode;
import io.gitopsflow.events.ImageRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class ArgoCdTargetRevisionEditorTest {

    private static final String DIGEST = GoldenFilesTest.DIGEST;
    private static final Artifact CHART =
            new Artifact.Chart(new ChartRef("registry.example.com/acme/charts/books-api", "1.4.2", DIGEST));
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final Artifact COMMIT = new Artifact.Commit(
            new GitCommitRef("https://git.example.com/acme/books-config.git", "main", SHA, "tune replicas"));
    private static final ManifestEditors EDITORS = ManifestEditors.standard();

    private static final String SINGLE_SOURCE = """
            # books-api in dev: Argo CD syncs this chart
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: notes}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: books-api-dev   # one per stage
            spec:
              project: default
              source:
                repoURL: registry.example.com/acme/charts
                chart: books-api
                targetRevision: "1.4.1"  # promoted by gitops-flow
                helm:
                  valueFiles: [values-dev.yaml]
              destination: {server: https://kubernetes.default.svc, namespace: books}
            """;

    private static final String MULTI_SOURCE = """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: books-api-staging
            spec:
              sources:
                # the values, from the config repository
                - repoURL: https://git.example.com/acme/books-config
                  targetRevision: HEAD
                  ref: values
                - repoURL: oci://registry.example.com/acme/charts
                  chart: books-api
                  targetRevision: 1.4.0 # chart
                  helm:
                    valueFiles: ['$values/staging.yaml']
                - repoURL: registry.example.com/other/charts
                  chart: books-api
                  targetRevision: 9.9.9
            """;

    @Test
    void setsSpecSourceTargetRevisionOfTheApplicationDocumentKeepingEveryOtherByte() {
        EditResult result = edit(SINGLE_SOURCE, null, CHART);

        assertThat(result.text()).isEqualTo(SINGLE_SOURCE.replace("\"1.4.1\"", "\"1.4.2\""));
        assertThat(result.previousValue()).isEqualTo("1.4.1");
        assertThat(result.newValue()).isEqualTo("1.4.2");
        assertThat(result.changes())
                .singleElement()
                .satisfies(change -> assertThat(change.location()).isEqualTo("line 15: spec.source.targetRevision"));
        assertThat(edit(result.text(), null, CHART).changed()).isFalse();
    }

    @Test
    void picksTheOneSourcesEntryOfTheChartByNameAndRegistryPathWithOrWithoutOciScheme() {
        EditResult result = edit(MULTI_SOURCE, null, CHART);

        assertThat(result.text()).isEqualTo(MULTI_SOURCE.replace("1.4.0 # chart", "1.4.2 # chart"));
        assertThat(result.changes().get(0).location()).isEqualTo("line 13: spec.sources[1].targetRevision");
        String withoutScheme =
                MULTI_SOURCE.replace("oci://registry.example.com/acme/charts", "registry.example.com/acme/charts/");
        assertThat(edit(withoutScheme, null, CHART).text())
                .isEqualTo(withoutScheme.replace("1.4.0 # chart", "1.4.2 # chart"));
    }

    @Test
    void anOciSourceOfArgoCd31IsTheChartsWhenItsRepoUrlIsTheChartsOwn() {
        String text = """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                spec:
                  sources:
                    - repoURL: oci://registry.example.com/acme/charts/books-api
                      path: .
                      targetRevision: 1.4.0
                    - repoURL: oci://registry.example.com/acme/charts/orders-api
                      path: .
                      targetRevision: 2.0.0
                """;

        assertThat(edit(text, null, CHART).text()).isEqualTo(text.replace("1.4.0", "1.4.2"));
        assertThatThrownBy(() -> edit(text, "sources[1]", CHART))
                .hasMessageContaining("spec.sources[1] is not a Helm chart source (no chart:, repoURL not"
                        + " \"oci://registry.example.com/acme/charts/books-api\")");
    }

    @Test
    void anIndexedFieldNamesTheSourcesEntry() {
        String two = MULTI_SOURCE.replace("registry.example.com/other/charts", "registry.example.com/acme/charts");

        assertThatThrownBy(() -> edit(two, null, CHART))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("2 entries of spec.sources are chart \"books-api\"")
                .hasMessageContaining("spec.sources[1], spec.sources[2]")
                .hasMessageContaining("sources[<index>]");
        assertThat(edit(two, "sources[2]", CHART).text()).isEqualTo(two.replace("9.9.9", "1.4.2"));
    }

    @Test
    void aCommitGoesToTheSourceOfItsRepositoryIgnoringDotGit() {
        EditResult result = edit(MULTI_SOURCE, null, COMMIT);

        assertThat(result.text()).isEqualTo(MULTI_SOURCE.replace("targetRevision: HEAD", "targetRevision: " + SHA));
        assertThat(result.previousValue()).isEqualTo("HEAD");
        assertThat(result.newValue()).isEqualTo(SHA);
        assertThat(edit(MULTI_SOURCE, "sources[0]", COMMIT).text()).isEqualTo(result.text());
        assertThatThrownBy(() -> edit(MULTI_SOURCE, "sources[1]", COMMIT))
                .hasMessageContaining("spec.sources[1] is a Helm chart source, not a Git source of");
    }

    @Test
    void aMissingTargetRevisionIsCreatedInTheSourcesIndentation() {
        String text = """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                spec:
                    source:
                        repoURL: https://git.example.com/acme/books-config
                        path: overlays/dev
                    destination: {}
                """;

        EditResult result = edit(text, null, COMMIT);

        assertThat(result.text())
                .isEqualTo(text.replace(
                        "path: overlays/dev\n", "path: overlays/dev\n        targetRevision: " + SHA + "\n"));
        assertThat(result.previousValue()).isNull();
    }

    @Test
    void valuesThatYamlWouldReadAsNumbersAreQuotedAndSemverBuildMetadataStaysPlain() {
        String digits = "1234567890123456789012345678901234567890";
        Artifact allDigits = new Artifact.Commit(
                new GitCommitRef("https://git.example.com/acme/books-config", "main", digits, null));
        String text = MULTI_SOURCE.replace("targetRevision: HEAD", "targetRevision: main");
        assertThat(edit(text, "sources[0]", allDigits).text()).contains("targetRevision: \"" + digits + "\"\n");
        assertThat(load(edit(text, "sources[0]", allDigits).text())).contains(digits);

        Artifact build = new Artifact.Chart(
                new ChartRef("registry.example.com/acme/charts/books-api", "1.5.0-rc.1+build.7", DIGEST));
        assertThat(edit(MULTI_SOURCE, null, build).text()).contains("targetRevision: 1.5.0-rc.1+build.7 # chart\n");
    }

    @Test
    void aSourceThatIsNotTheArtifactsIsRefusedWithTheReason() {
        String otherChart = SINGLE_SOURCE.replace("chart: books-api", "chart: orders-api");
        assertThatThrownBy(() -> edit(otherChart, null, CHART))
                .isInstanceOf(ManifestEditException.class)
                .hasMessage("line 13: spec.source is chart \"orders-api\", not the promoted chart \"books-api\"");
        assertThatThrownBy(() -> edit(SINGLE_SOURCE, null, COMMIT))
                .hasMessageContaining("spec.source is a Helm chart source, not a Git source of"
                        + " \"https://git.example.com/acme/books-config.git\"");
        String noMatch = MULTI_SOURCE.replace("oci://registry.example.com/acme/charts", "registry.example.com/x");
        assertThatThrownBy(() -> edit(noMatch, null, CHART))
                .hasMessage("line 6: no entry of spec.sources is chart \"books-api\" from"
                        + " \"registry.example.com/acme/charts\"");
        assertThatThrownBy(() -> edit(MULTI_SOURCE, "sources[3]", CHART))
                .hasMessage("line 6: spec.sources has 3 entries, so sources[3] does not exist");
        assertThatThrownBy(() -> edit(SINGLE_SOURCE, "sources[0]", CHART))
                .hasMessageContaining("the Application has no spec.sources list");
    }

    @Test
    void fileFieldAndArtifactsItCannotWriteAreRefused() {
        assertThatThrownBy(() -> edit("apiVersion: v1\nkind: ConfigMap\n", null, CHART))
                .hasMessageContaining("no Argo CD Application");
        assertThatThrownBy(() -> edit(SINGLE_SOURCE + "---\n" + MULTI_SOURCE, null, CHART))
                .hasMessageContaining("the file holds 2 Argo CD Applications (lines 6, 20)");
        for (String field : List.of("spec.source", "sources[-1]", "sources[01]", "sources[0]\nx: y")) {
            assertThatThrownBy(() -> edit(SINGLE_SOURCE, field, CHART))
                    .isInstanceOf(ManifestEditException.class)
                    .hasMessageStartingWith("invalid field");
        }
        assertThatThrownBy(() -> edit(SINGLE_SOURCE, null, Artifact.of(new ImageRef("ghcr.io/acme/api", "1", DIGEST))))
                .hasMessageContaining("argocd-target-revision writes a chart version or a commit");
        assertThatThrownBy(() -> EDITORS.edit(SINGLE_SOURCE, target(null, ValueFormat.DIGEST), CHART))
                .hasMessageContaining("use the value format tag, not digest");
        assertThatThrownBy(() -> EDITORS.edit(SINGLE_SOURCE, target(null, ValueFormat.REFERENCE_TAG), COMMIT))
                .hasMessageContaining("a commit is written as tag or digest");
    }

    private static EditResult edit(String text, String field, Artifact artifact) {
        return EDITORS.edit(text, target(field, ValueFormat.TAG), artifact);
    }

    static GitOpsTarget target(String field, ValueFormat format) {
        return new GitOpsTarget(
                "https://git.example.com/acme/gitops.git",
                "main",
                "apps/books-api/application.yaml",
                EditKind.ARGOCD_TARGET_REVISION,
                field,
                format,
                WriteMode.PUSH,
                null);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> load(String text) {
        Object document = new Load(LoadSettings.builder().build()).loadFromString(text);
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) document).get("spec");
        return ((List<Map<String, Object>>) spec.get("sources"))
                .stream().map(source -> source.get("targetRevision")).toList();
    }
}
