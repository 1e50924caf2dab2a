package io.gitopsflow.writer.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget.EditKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestEditorsTest {

    @Test
    void everyEditKindHasItsEditor() {
        ManifestEditors editors = ManifestEditors.standard();
        for (EditKind kind : EditKind.values()) {
            assertThat(editors.forKind(kind).kind()).isEqualTo(kind);
        }
        assertThat(editors.forKind(EditKind.HELM_VALUES)).isInstanceOf(HelmValuesEditor.class);
        assertThat(editors.forKind(EditKind.KUSTOMIZE_IMAGE)).isInstanceOf(KustomizeImageEditor.class);
        assertThat(editors.forKind(EditKind.MANIFEST_IMAGE)).isInstanceOf(ManifestImageEditor.class);
    }

    @Test
    void aMissingEditorIsAClearError() {
        var editors = new ManifestEditors(List.of(new HelmValuesEditor()));
        assertThatThrownBy(() -> editors.forKind(EditKind.MANIFEST_IMAGE))
                .isInstanceOf(ManifestEditException.class)
                .hasMessage("no editor for files of kind MANIFEST_IMAGE");
    }

    @Test
    void twoEditorsForOneKindAreRefused() {
        assertThatThrownBy(() -> new ManifestEditors(List.of(new HelmValuesEditor(), new HelmValuesEditor())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
