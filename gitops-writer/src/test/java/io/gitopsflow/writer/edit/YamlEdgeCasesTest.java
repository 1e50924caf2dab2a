package io.gitopsflow.writer.edit;

import static io.gitopsflow.writer.edit.InjectionTest.image;
import static io.gitopsflow.writer.edit.InjectionTest.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.writer.edit.EditResult.FieldChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files that are unusual but real: non-BMP characters, a BOM, no final newline, empty files, odd YAML. */
class YamlEdgeCasesTest {

    private final HelmValuesEditor helm = new HelmValuesEditor();
    private final ManifestEditors editors = ManifestEditors.standard();

    @Test
    void charactersOutsideTheBmpBeforeTheValueDoNotShiftTheEdit() {
        String text = "# 🚀🚀 release train 🚂\nimage:\n  name: \"𝒷ooks\" # 😀\n  tag: 1.0.0 # 🎉\n";
        assertThat(helm.set(text, "image.tag", "2.0.0").text())
                .isEqualTo("# 🚀🚀 release train 🚂\nimage:\n  name: \"𝒷ooks\" # 😀\n  tag: 2.0.0 # 🎉\n");
        assertThat(helm.set(text, "image.digest", GoldenFilesTest.DIGEST).text())
                .isEqualTo(text + "  digest: " + GoldenFilesTest.DIGEST + "\n");
    }

    @Test
    void aByteOrderMarkStays() {
        assertThat(helm.set("\uFEFFimage:\n  tag: 1.0.0\n", "image.tag", "2.0.0")
                        .text())
                .isEqualTo("\uFEFFimage:\n  tag: 2.0.0\n");
    }

    @Test
    void aFileWithoutAFinalNewlineGetsNoneAddedWhenSetAndOneLineBreakWhenExtended() {
        assertThat(helm.set("image:\n  tag: 1.0.0", "image.tag", "2.0.0").text())
                .isEqualTo("image:\n  tag: 2.0.0");
        assertThat(helm.set("image:\n  repository: a/b", "image.tag", "2.0.0").text())
                .isEqualTo("image:\n  repository: a/b\n  tag: 2.0.0\n");
    }

    @Test
    void anEmptyOrCommentOnlyValuesFileGetsThePath() {
        assertThat(helm.set("", "image.tag", "2.0.0").text()).isEqualTo("image:\n  tag: 2.0.0\n");
        assertThat(helm.set("# nothing yet\n", "image.tag", "2.0.0").text())
                .isEqualTo("# nothing yet\nimage:\n  tag: 2.0.0\n");
        assertThat(helm.set("---\n", "image.tag", "2.0.0").text()).isEqualTo("---\nimage:\n  tag: 2.0.0\n");
    }

    @Test
    void theResultSaysWhatChanged() {
        EditResult result = helm.set("image:\n  tag: 1.0.0\n", "image.tag", "2.0.0");
        assertThat(result.changed()).isTrue();
        assertThat(result.previousValue()).isEqualTo("1.0.0");
        assertThat(result.newValue()).isEqualTo("2.0.0");
        assertThat(result.changes()).containsExactly(new FieldChange("line 2: image.tag", "1.0.0", "2.0.0"));

        EditResult same = helm.set(result.text(), "image.tag", "2.0.0");
        assertThat(same.changed()).isFalse();
        assertThat(same.text()).isSameAs(result.text());
        assertThat(same.previousValue()).isEqualTo("2.0.0");
        assertThat(same.changes()).isEmpty();
    }

    @Test
    void aQuotedValueThatAlreadySaysItIsUnchanged() {
        String text = "image:\n  tag: '2.0.0'\n";
        assertThat(helm.set(text, "image.tag", "2.0.0").changed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"1.0", "1", "1234e56", "0x1F", "true", "no", "null", "2024-01-15", "1_000", "0b101", "12:30"})
    void plainValuesThatWouldNotReadAsStringsAreQuoted(String tag) {
        assertThat(helm.set("tag: latest\n", "tag", tag).text()).isEqualTo("tag: \"" + tag + "\"\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "v1.2", "main-abc1234-1", "abc1234", "1.0.0-rc.1", "latest", "sha-1e5x"})
    void plainValuesThatReadAsStringsStayPlain(String tag) {
        assertThat(helm.set("tag: latest\n", "tag", tag).text()).isEqualTo("tag: " + tag + "\n");
    }

    @Test
    void refusesWhatItCannotEditSafely() {
        assertThatThrownBy(() -> helm.set("a: 1\n---\nb: 2\n", "image.tag", "2.0.0"))
                .hasMessage("a Helm values file holds one YAML document, this one holds 2");
        assertThatThrownBy(() -> helm.set("- a\n- b\n", "image.tag", "2.0.0"))
                .hasMessage("the top level of a Helm values file must be a mapping, this one is a sequence");
        assertThatThrownBy(() -> helm.set("image:\n  tag: 1\n  tag: 2\n", "image.tag", "2.0.0"))
                .hasMessage("line 3: image.tag is a duplicate key");
        assertThatThrownBy(() -> helm.set("base: &b\n  tag: 1\nimage:\n  <<: *b\n", "image.tag", "2.0.0"))
                .hasMessageContaining("image.tag may come from a YAML merge key (<<)");
        assertThatThrownBy(() -> helm.set("image:\n  tag: |\n    1.0\n", "image.tag", "2.0.0"))
                .hasMessageContaining("image.tag is a block scalar");
        assertThatThrownBy(() -> helm.set("image:\n  tag: !!str 1.0\n", "image.tag", "2.0.0"))
                .hasMessageContaining("has an explicit YAML tag");
        assertThatThrownBy(() -> helm.set("image:\n  tag:\n    nested: x\n", "image.tag", "2.0.0"))
                .hasMessage("line 2: image.tag holds a mapping, not a value");
        assertThatThrownBy(() -> helm.set("image:\n  - tag: 1\n", "image.tag", "2.0.0"))
                .hasMessageContaining("image holds a sequence, not a mapping");
        assertThatThrownBy(() -> helm.set("image: [\n", "image.tag", "2.0.0"))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageStartingWith("the file is not valid YAML (line 2");
    }

    @Test
    void aValueInsideAFlowMappingIsSetButNothingIsAddedToOne() {
        assertThat(helm.set("image: {repository: a/b, tag: 1.0.0}\n", "image.tag", "2.0.0")
                        .text())
                .isEqualTo("image: {repository: a/b, tag: 2.0.0}\n");
        assertThatThrownBy(() -> helm.set("image: {repository: a/b}\n", "image.tag", "2.0.0"))
                .hasMessageContaining("flow-style");
    }

    @Test
    void insideAFlowCollectionAColonGetsQuotes() {
        // libyaml-based readers (go-yaml v2: Helm, kubectl) refuse a plain x:x inside {...} and [...].
        assertThat(helm.set("image: {repository: backup, tag: 7}\n", "image.repository", "registry.local:5000/backup")
                        .text())
                .isEqualTo("image: {repository: \"registry.local:5000/backup\", tag: 7}\n");
        assertThat(helm.set("image: {repository: backup, tag: }\n", "image.tag", "8")
                        .text())
                .isEqualTo("image: {repository: backup, tag: \"8\" }\n");
        assertThat(helm.set("image: {repository: backup, tag: }\n", "image.tag", "v8")
                        .text())
                .isEqualTo("image: {repository: backup, tag: v8 }\n");
        assertThatThrownBy(() -> helm.set("image: {repository: backup, tag}\n", "image.tag", "v8"))
                .hasMessage("line 1: image.tag has no ':' to write a value after; write 'key: value'");
    }

    @Test
    void editsInsideAnAnchoredMappingAreMadeWhereTheTextIs() {
        String text = "defaults: &d\n  tag: 1.0.0\nworker: *d\n";
        assertThat(helm.set(text, "defaults.tag", "2.0.0").text())
                .isEqualTo("defaults: &d\n  tag: 2.0.0\nworker: *d\n");
    }

    @Test
    void aJsonManifestIsEditedInPlace() {
        String json = "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"api\"},\n"
                + " \"spec\": {\"template\": {\"spec\": {\"containers\": [\n"
                + "   {\"name\": \"api\", \"image\": \"ghcr.io/acme/api:1.0.0\"}]}}}}\n";
        EditResult result =
                editors.edit(json, target(EditKind.MANIFEST_IMAGE, null, ValueFormat.REFERENCE_TAG), image("2.0.0"));
        assertThat(result.text()).isEqualTo(json.replace("api:1.0.0", "api:2.0.0"));
    }

    @Test
    void manifestsNeedAWholeReference() {
        assertThatThrownBy(() -> editors.edit(
                        "kind: Pod\n", target(EditKind.MANIFEST_IMAGE, "api", ValueFormat.TAG), image("2.0.0")))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("use the value format reference-tag, reference-digest or reference-tag-digest");
    }

    @Test
    void aPodAndAContainerWithoutImageByName() {
        String pod =
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n  - name: api\n    tty: true\n";
        EditResult result =
                editors.edit(pod, target(EditKind.MANIFEST_IMAGE, "api", ValueFormat.REFERENCE_TAG), image("2.0.0"));
        assertThat(result.text()).isEqualTo(pod + "    image: ghcr.io/acme/api:2.0.0\n");
        assertThat(result.previousValue()).isNull();
    }

    @Test
    void kustomizeRefusesTwoEntriesWithOneName() {
        String text = "images:\n- name: ghcr.io/acme/api\n  newTag: 1\n- name: ghcr.io/acme/api\n  newTag: 2\n";
        assertThatThrownBy(() -> editors.edit(
                        text, target(EditKind.KUSTOMIZE_IMAGE, "ghcr.io/acme/api", ValueFormat.TAG), image("3.0.0")))
                .hasMessage("line 4: two images entries are named \"ghcr.io/acme/api\"");
    }

    @Test
    void kustomizeKeepsFieldsAFormatDoesNotCarry() {
        String text = "images:\n- name: api\n  newName: ghcr.io/acme/api\n  newTag: 1.0.0\n";
        EditResult result =
                editors.edit(text, target(EditKind.KUSTOMIZE_IMAGE, "api", ValueFormat.TAG), image("2.0.0"));
        assertThat(result.text()).isEqualTo(text.replace("1.0.0", "2.0.0"));
        assertThat(result.newValue()).isEqualTo("ghcr.io/acme/api:2.0.0");
    }
}
