package io.gitopsflow.writer.edit;

import java.util.List;
import java.util.Objects;

/**
 * What one edit did to a file.
 *
 * @param text the file's new text; identical to the input when nothing changed
 * @param changed whether {@code text} differs from the input (false: the file already said this — {@code no-change})
 * @param previousValue the value before the edit, or null when the field was created (or held YAML null)
 * @param newValue the value the file says now
 * @param changes each field written, in file order; empty when nothing changed
 */
public record EditResult(
        String text, boolean changed, String previousValue, String newValue, List<FieldChange> changes) {

    public EditResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(newValue, "newValue");
        changes = List.copyOf(changes);
        if (changed == changes.isEmpty()) {
            throw new IllegalArgumentException("a changed result lists its changes, an unchanged one lists none");
        }
    }

    /** The file already says {@code value}: same text, nothing to commit. */
    static EditResult unchanged(String text, String value) {
        return new EditResult(text, false, value, value, List.of());
    }

    /**
     * One field written.
     *
     * @param location where, for people: e.g. {@code line 7: image.tag} or {@code line 31: Deployment books-api,
     *     container api}
     * @param previousValue the value before, or null when the field was created or removed
     * @param newValue the value after, or null when the field was removed
     */
    public record FieldChange(String location, String previousValue, String newValue) {}
}
