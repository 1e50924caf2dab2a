package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.ImageRef;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Finds the editor for a target's {@link EditKind}; a new kind of file is one more {@link ManifestEditor}. */
public final class ManifestEditors {

    private final Map<EditKind, ManifestEditor> byKind = new EnumMap<>(EditKind.class);

    public ManifestEditors(Collection<? extends ManifestEditor> editors) {
        for (ManifestEditor editor : editors) {
            if (byKind.putIfAbsent(editor.kind(), editor) != null) {
                throw new IllegalArgumentException("two editors for " + editor.kind());
            }
        }
    }

    /** Every editor gitops-flow ships. */
    public static ManifestEditors standard() {
        return new ManifestEditors(
                List.of(new HelmValuesEditor(), new KustomizeImageEditor(), new ManifestImageEditor()));
    }

    public ManifestEditor forKind(EditKind kind) {
        ManifestEditor editor = byKind.get(kind);
        if (editor == null) {
            throw new ManifestEditException("no editor for files of kind " + kind);
        }
        return editor;
    }

    /** Edits with the editor of {@code target.kind()}. */
    public EditResult edit(String fileText, GitOpsTarget target, ImageRef image) {
        return forKind(target.kind()).edit(fileText, target, image);
    }
}
