package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.writer.edit.EditResult.FieldChange;
import io.gitopsflow.writer.edit.YamlEditSession.Line;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Sets the {@code images:} entry of a {@code kustomization.yaml} whose {@code name} is the target's field, as
 * {@code kustomize edit set image} does: the entry (and {@code images:} itself) is added when missing.
 *
 * <p>Per value format: {@code tag} sets {@code newTag} and drops {@code digest} (a stale digest would win over the new
 * tag); {@code digest} sets {@code digest} and drops {@code newTag}; {@code repository} sets {@code newName}; the
 * {@code reference-*} formats set {@code newName} and the tag and/or digest they carry, dropping the other. {@code
 * newName} is written only when the repository differs from {@code name}, and dropped when it equals it. Fields a
 * format does not carry are kept.
 */
@Singleton
public final class KustomizeImageEditor implements ManifestEditor {

    static final String NEW_NAME = "newName";
    static final String NEW_TAG = "newTag";
    static final String DIGEST = "digest";
    private static final List<String> FIELDS = List.of(NEW_NAME, NEW_TAG, DIGEST);
    private static final int DEFAULT_ITEM_INDENT = 2;

    @Override
    public String name() {
        return "kustomize-image";
    }

    @Override
    public EditKind kind() {
        return EditKind.KUSTOMIZE_IMAGE;
    }

    @Override
    public EditResult edit(String fileText, GitOpsTarget target, Artifact artifact) {
        ImageRef image = artifact.requireImage(name());
        String name = EditValues.requireImageName(target.field());
        return setImage(fileText, name, desiredFields(name, target.valueFormat(), image));
    }

    /**
     * The entry's fields after the edit: a value to write, or null to drop the field; fields absent from the map are
     * kept as the file has them.
     */
    static Map<String, String> desiredFields(String name, ValueFormat format, ImageRef image) {
        Map<String, String> fields = new HashMap<>();
        if (format == ValueFormat.REPOSITORY || ValueFormats.isReference(format)) {
            String repository = ValueFormats.value(image, ValueFormat.REPOSITORY);
            fields.put(NEW_NAME, repository.equals(name) ? null : repository);
        }
        if (format == ValueFormat.TAG || format == ValueFormat.REFERENCE_TAG) {
            fields.put(NEW_TAG, ValueFormats.value(image, ValueFormat.TAG));
            fields.put(DIGEST, null);
        }
        if (format == ValueFormat.DIGEST || format == ValueFormat.REFERENCE_DIGEST) {
            fields.put(NEW_TAG, null);
            fields.put(DIGEST, ValueFormats.value(image, ValueFormat.DIGEST));
        }
        if (format == ValueFormat.REFERENCE_TAG_DIGEST) {
            ValueFormats.value(image, format);
            fields.put(NEW_TAG, image.tag());
            fields.put(DIGEST, image.digest());
        }
        return fields;
    }

    private EditResult setImage(String fileText, String name, Map<String, String> desired) {
        var session = new YamlEditSession(fileText);
        List<Node> documents = session.documents();
        if (documents.size() > 1) {
            throw new ManifestEditException(
                    "a kustomization holds one YAML document, this one holds " + documents.size());
        }
        Map<String, String> after = new LinkedHashMap<>();
        desired.forEach((field, value) -> {
            if (value != null) {
                after.put(field, value);
            }
        });
        String newValue = effectiveImage(name, orderedFields(after));
        if (documents.isEmpty() || YamlNodes.isEmptyNull(documents.get(0))) {
            session.appendToEnd(imagesBlock(session, name, after));
            return created(session, name, newValue);
        }
        if (!(documents.get(0) instanceof MappingNode root)) {
            throw new ManifestEditException("the top level of a kustomization must be a mapping, this one is "
                    + YamlNodes.describe(documents.get(0)));
        }
        NodeTuple imagesTuple = session.find(root, "images", "images");
        if (imagesTuple == null) {
            session.appendToMapping(root, imagesBlock(session, name, after), "the kustomization");
            return created(session, name, newValue);
        }
        Node images = session.value(imagesTuple, "images");
        if (YamlNodes.isEmptyNull(images)) {
            session.appendUnderEmptyValue(
                    imagesTuple, session.sequenceIndent(), entryLines(name, after, DEFAULT_ITEM_INDENT));
            return created(session, name, newValue);
        }
        if (!(images instanceof SequenceNode sequence)) {
            throw new ManifestEditException("line " + session.line(imagesTuple.getKeyNode()) + ": images holds "
                    + YamlNodes.describe(images) + ", not a list");
        }
        MappingNode entry = findEntry(session, sequence, name);
        if (entry == null) {
            session.requireBlock(sequence, "images");
            int itemIndent = DEFAULT_ITEM_INDENT;
            if (!sequence.getValue().isEmpty()
                    && sequence.getValue().get(0) instanceof MappingNode first
                    && !first.getValue().isEmpty()) {
                itemIndent =
                        Math.max(1, session.column(first.getValue().get(0).getKeyNode()) - session.column(sequence));
            }
            session.insertLines(
                    session.positionAfter(sequence), session.column(sequence), entryLines(name, after, itemIndent));
            return created(session, name, newValue);
        }
        return updateEntry(session, entry, name, desired);
    }

    private static MappingNode findEntry(YamlEditSession session, SequenceNode images, String name) {
        MappingNode found = null;
        int sequenceStart = session.start(images);
        for (Node item : images.getValue()) {
            // The name as kustomize reads it, merge keys applied: an entry named through "<<: *x" is still this entry.
            if (item instanceof MappingNode entry && name.equals(YamlMerges.scalar(entry, "name"))) {
                if (session.start(entry) < sequenceStart || entry == found) {
                    throw new ManifestEditException("line " + session.line(images) + ": the images entry for "
                            + InvalidNameException.quote(name) + " is an alias; edit the anchored entry instead");
                }
                if (found != null) {
                    throw new ManifestEditException("line " + session.line(entry) + ": two images entries are named "
                            + InvalidNameException.quote(name));
                }
                found = entry;
            }
        }
        return found;
    }

    private static EditResult updateEntry(
            YamlEditSession session, MappingNode entry, String name, Map<String, String> desired) {
        Map<String, String> before = new LinkedHashMap<>();
        Map<String, String> after = new LinkedHashMap<>();
        List<FieldChange> changes = new ArrayList<>();
        List<Line> added = new ArrayList<>();
        Set<String> removed = new LinkedHashSet<>();
        for (String field : FIELDS) {
            String where = "images[" + name + "]." + field;
            NodeTuple tuple = session.find(entry, field, where);
            ScalarNode current = null;
            if (tuple != null) {
                Node node = session.value(tuple, where);
                if (!(node instanceof ScalarNode scalar)) {
                    throw new ManifestEditException("line " + session.line(tuple.getKeyNode()) + ": " + where
                            + " holds " + YamlNodes.describe(node) + ", not a value");
                }
                current = scalar;
                putIfNotNull(before, field, YamlScalars.valueOrNull(scalar));
            }
            String previous = current == null ? null : YamlScalars.valueOrNull(current);
            if (!desired.containsKey(field)) {
                putIfNotNull(after, field, previous);
                continue;
            }
            String value = desired.get(field);
            putIfNotNull(after, field, value);
            String location = "line " + session.line(tuple == null ? entry : tuple.getKeyNode()) + ": " + where;
            if (value == null) {
                if (tuple != null) {
                    removed.add(field);
                    changes.add(new FieldChange(location + " (removed)", previous, null));
                }
            } else if (current == null) {
                added.add(new Line(0, field + ": " + YamlScalars.renderNew(value)));
                changes.add(new FieldChange(location + " (created)", null, value));
            } else if (session.setScalar(current, entry, value, where)) {
                changes.add(new FieldChange(location, previous, value));
            }
        }
        String newValue = effectiveImage(name, after);
        if (changes.isEmpty()) {
            return EditResult.unchanged(session.text(), newValue);
        }
        if (!removed.isEmpty()) {
            session.removeKeys(entry, removed, "images[" + name + "]");
        }
        if (!added.isEmpty()) {
            session.appendToMapping(entry, added, "images[" + name + "]");
        }
        return new EditResult(session.result(), true, effectiveImage(name, before), newValue, changes);
    }

    private static void putIfNotNull(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Map<String, String> orderedFields(Map<String, String> fields) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String field : FIELDS) {
            putIfNotNull(ordered, field, fields.get(field));
        }
        return ordered;
    }

    /** What the entry makes of the image: {@code newName-or-name[:newTag][@digest]}. */
    private static String effectiveImage(String name, Map<String, String> fields) {
        return fields.getOrDefault(NEW_NAME, name)
                + (fields.containsKey(NEW_TAG) ? ":" + fields.get(NEW_TAG) : "")
                + (fields.containsKey(DIGEST) ? "@" + fields.get(DIGEST) : "");
    }

    private static List<Line> imagesBlock(YamlEditSession session, String name, Map<String, String> fields) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(0, "images:"));
        int indent = session.sequenceIndent();
        for (Line line : entryLines(name, fields, DEFAULT_ITEM_INDENT)) {
            lines.add(new Line(indent + line.indent(), line.content()));
        }
        return lines;
    }

    /** {@code - name: ...} then the fields in kustomize's order, {@code itemIndent} right of the dash. */
    private static List<Line> entryLines(String name, Map<String, String> fields, int itemIndent) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(0, "-" + " ".repeat(itemIndent - 1) + "name: " + YamlScalars.renderNew(name)));
        orderedFields(fields)
                .forEach(
                        (field, value) -> lines.add(new Line(itemIndent, field + ": " + YamlScalars.renderNew(value))));
        return lines;
    }

    private static EditResult created(YamlEditSession session, String name, String newValue) {
        return new EditResult(
                session.result(),
                true,
                null,
                newValue,
                List.of(new FieldChange("images[" + name + "] (created)", null, newValue)));
    }
}
