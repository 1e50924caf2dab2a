package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.ImageRef;

/**
 * Writes an image into one kind of GitOps file, keeping every other byte of it: comments, key order, quoting,
 * indentation, line endings and document separators. One implementation per {@link EditKind}, a CDI bean that
 * {@link ManifestEditors} finds by itself.
 */
public interface ManifestEditor {

    /** The editor's name, as the contract spells its kind: e.g. {@code helm-values}. */
    String name();

    /** The kind of file this editor edits. */
    EditKind kind();

    /**
     * Makes {@code fileText} say that {@code target} runs {@code image}, written as {@code target.valueFormat()}.
     *
     * @return the new text and what changed; {@link EditResult#changed()} is false, with the identical text, when the
     *     file already says it
     * @throws ManifestEditException when the value, the field or the file does not allow a safe edit
     */
    EditResult edit(String fileText, GitOpsTarget target, ImageRef image);
}
