package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;

/**
 * Writes an artifact (an image, a chart version or a commit) into one kind of GitOps file, keeping every other byte of it: comments, key order, quoting,
 * indentation, line endings and document separators. One implementation per {@link EditKind}, a CDI bean that
 * {@link ManifestEditors} finds by itself.
 */
public interface ManifestEditor {

    /** The editor's name, as the contract spells its kind: e.g. {@code helm-values}. */
    String name();

    /** The kind of file this editor edits. */
    EditKind kind();

    /**
     * Makes {@code fileText} say that {@code target} runs {@code artifact}, written as {@code target.valueFormat()}.
     *
     * @return the new text and what changed; {@link EditResult#changed()} is false, with the identical text, when the
     *     file already says it
     * @throws ManifestEditException when the value, the field or the file does not allow a safe edit, or the editor
     *     does not write this kind of artifact
     */
    EditResult edit(String fileText, GitOpsTarget target, Artifact artifact);
}
