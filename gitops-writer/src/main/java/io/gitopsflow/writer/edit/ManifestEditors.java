package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.ImageRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every {@link ManifestEditor} bean, by the {@link EditKind} it edits: a new kind of file is one more editor class,
 * found here without any other change.
 */
@ApplicationScoped
public class ManifestEditors {

    private final Map<EditKind, ManifestEditor> byKind = new EnumMap<>(EditKind.class);
    private final Map<String, ManifestEditor> byName = new TreeMap<>();

    @Inject
    public ManifestEditors(@Any Instance<ManifestEditor> editors) {
        this(editors.stream().toList());
    }

    /** The given editors, for code that runs without CDI (tests, benchmarks). */
    public ManifestEditors(Collection<? extends ManifestEditor> editors) {
        for (ManifestEditor editor : editors) {
            if (byKind.putIfAbsent(editor.kind(), editor) != null) {
                throw new IllegalArgumentException("two editors for " + editor.kind());
            }
            if (byName.putIfAbsent(editor.name(), editor) != null) {
                throw new IllegalArgumentException("two editors are named " + editor.name());
            }
        }
    }

    /** The editors gitops-flow ships, for code that runs without CDI (tests, benchmarks). */
    public static ManifestEditors standard() {
        return new ManifestEditors(List.of(
                new HelmValuesEditor(),
                new KustomizeImageEditor(),
                new ManifestImageEditor(),
                new ArgoCdTargetRevisionEditor(),
                new HelmChartDependencyEditor()));
    }

    public ManifestEditor forKind(EditKind kind) {
        ManifestEditor editor = byKind.get(kind);
        if (editor == null) {
            throw new ManifestEditException("no editor for files of kind " + kind);
        }
        return editor;
    }

    /** The editors' names, e.g. {@code helm-values}. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Edits with the editor of {@code target.kind()}. */
    public EditResult edit(String fileText, GitOpsTarget target, Artifact artifact) {
        return forKind(target.kind()).edit(fileText, target, artifact);
    }

    /** Writes an image with the editor of {@code target.kind()}. */
    public EditResult edit(String fileText, GitOpsTarget target, ImageRef image) {
        return edit(fileText, target, Artifact.of(image));
    }
}
