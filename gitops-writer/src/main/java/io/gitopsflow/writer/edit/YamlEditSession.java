package io.gitopsflow.writer.edit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One YAML text being edited: the documents composed with their positions, and the splices made so far.
 *
 * <p>Nothing is ever re-serialized: every change replaces a scalar between its start and end marks, inserts whole
 * lines at the indentation of the block they join, or deletes whole entries; every other character of the file stays
 * as it was. snakeyaml-engine marks count code points, so they are mapped to {@link String} indexes first.
 */
final class YamlEditSession {

    private static final LoadSettings SETTINGS =
            LoadSettings.builder().setLabel("file").setUseMarks(true).build();

    private final String text;
    private final int[] charIndexOfCodePoint;
    private final List<Node> documents;
    private final String lineBreak;
    private final List<Splice> splices = new ArrayList<>();

    YamlEditSession(String text) {
        this.text = text;
        this.charIndexOfCodePoint = text.length() == text.codePointCount(0, text.length()) ? null : codePointMap(text);
        this.documents = compose(text);
        int newline = text.indexOf('\n');
        this.lineBreak = newline > 0 && text.charAt(newline - 1) == '\r' ? "\r\n" : "\n";
    }

    /** A line to insert: {@code indent} spaces more than the base indentation, then {@code content}. */
    record Line(int indent, String content) {}

    private record Splice(int start, int end, String replacement, int order) {}

    private static List<Node> compose(String text) {
        try {
            List<Node> documents = new ArrayList<>();
            new Compose(SETTINGS).composeAllFromString(text).forEach(documents::add);
            return documents;
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            String where =
                    mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
            throw new ManifestEditException("the file is not valid YAML" + where + ": " + e.getProblem(), e);
        } catch (YamlEngineException e) {
            throw new ManifestEditException("the file is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static int[] codePointMap(String text) {
        int[] map = new int[text.codePointCount(0, text.length()) + 1];
        int codePoint = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            map[codePoint++] = i;
        }
        map[codePoint] = text.length();
        return map;
    }

    String text() {
        return text;
    }

    List<Node> documents() {
        return documents;
    }

    boolean changed() {
        return !splices.isEmpty();
    }

    // ---- positions

    int start(Node node) {
        return charIndex(node.getStartMark().orElseThrow().getIndex());
    }

    int end(Node node) {
        return charIndex(node.getEndMark().orElseThrow().getIndex());
    }

    /** 1-based line of the node's start, for messages. */
    int line(Node node) {
        return node.getStartMark().orElseThrow().getLine() + 1;
    }

    /** Spaces (and {@code "- "} indicators) before the node on its line: the indentation of a block key. */
    int column(Node node) {
        return node.getStartMark().orElseThrow().getColumn();
    }

    private int charIndex(int codePointIndex) {
        return charIndexOfCodePoint == null ? codePointIndex : charIndexOfCodePoint[codePointIndex];
    }

    // ---- reading the tree

    /**
     * The tuple whose key is the scalar {@code key}, or null. Refuses a duplicate key and a key that a merge key
     * ({@code <<}) supplies, since writing it here would shadow the merged value; a key no merged mapping defines is
     * simply absent.
     */
    NodeTuple find(MappingNode mapping, String key, String where) {
        NodeTuple found = null;
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && !YamlMerges.isMergeKey(scalar)) {
                if (scalar.getValue().equals(key)) {
                    if (found != null) {
                        throw new ManifestEditException("line " + line(scalar) + ": " + where + " is a duplicate key");
                    }
                    found = tuple;
                }
            }
        }
        if (found == null && YamlMerges.lookup(mapping, key) != null) {
            throw new ManifestEditException("line " + line(mapping) + ": " + where
                    + " may come from a YAML merge key (<<), which gitops-flow does not edit; set it explicitly");
        }
        return found;
    }

    /** The tuple's value; refuses an alias, whose text lives at its anchor. */
    Node value(NodeTuple tuple, String where) {
        Node value = tuple.getValueNode();
        // An alias composes to the anchored node itself, which always starts before the key that refers to it.
        if (start(value) < end(tuple.getKeyNode())) {
            throw new ManifestEditException("line " + line(tuple.getKeyNode()) + ": " + where
                    + " is an alias (*"
                    + value.getAnchor().map(Object::toString).orElse("") + "); edit the anchored"
                    + " value instead");
        }
        return value;
    }

    /** The scalar value of {@code key} in {@code mapping}, or null when absent or not a scalar. */
    String scalarValue(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k
                    && k.getValue().equals(key)
                    && tuple.getValueNode() instanceof ScalarNode v) {
                return v.getValue();
            }
        }
        return null;
    }

    // ---- edits

    /**
     * Replaces the scalar's text by {@code value} in the scalar's own style. Returns false, and changes nothing, when
     * the scalar already holds {@code value}.
     *
     * @param parent the mapping holding the scalar; inside a flow collection a plain value with ':' gets quotes, since
     *     libyaml-based readers (go-yaml v2, hence Helm and kubectl) refuse {@code x:x} there
     */
    boolean setScalar(ScalarNode node, CollectionNode<?> parent, String value, String where) {
        if (node.getAnchor().isPresent()) {
            throw new ManifestEditException("line " + line(node) + ": " + where + " carries the anchor &"
                    + node.getAnchor().get() + ", so other keys may refer to it; gitops-flow does not edit it");
        }
        int start = start(node);
        int end = end(node);
        if (start < text.length() && text.charAt(start) == '!') {
            throw new ManifestEditException(
                    "line " + line(node) + ": " + where + " has an explicit YAML tag; gitops-flow does not edit it");
        }
        ScalarStyle style = node.getScalarStyle();
        if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
            throw new ManifestEditException("line " + line(node) + ": " + where
                    + " is a block scalar (| or >); write it on one line to let gitops-flow edit it");
        }
        if (value.equals(YamlScalars.valueOrNull(node))) {
            return false;
        }
        boolean inFlow = parent.getFlowStyle() == FlowStyle.FLOW;
        if (start == end) {
            // An empty value ("key:"): the mark sits right after the colon; "{key}" has no colon to write after.
            if (start == 0 || text.charAt(start - 1) != ':') {
                throw new ManifestEditException(
                        "line " + line(node) + ": " + where + " has no ':' to write a value after; write 'key: value'");
            }
            splices.add(new Splice(start, end, " " + YamlScalars.renderNew(value, inFlow), splices.size()));
        } else {
            splices.add(new Splice(start, end, YamlScalars.renderLike(style, value, inFlow), splices.size()));
        }
        return true;
    }

    /** Inserts {@code lines} as new lines at {@code position}, a line start, indented {@code baseIndent} more. */
    void insertLines(int position, int baseIndent, List<Line> lines) {
        var block = new StringBuilder();
        if (position == text.length() && position > 0 && text.charAt(position - 1) != '\n') {
            block.append(lineBreak);
        }
        for (Line line : lines) {
            block.append(" ".repeat(baseIndent + line.indent()))
                    .append(line.content())
                    .append(lineBreak);
        }
        splices.add(new Splice(position, position, block.toString(), splices.size()));
    }

    /** Appends keys at the end of a block mapping, at its keys' indentation. */
    void appendToMapping(MappingNode mapping, List<Line> lines, String where) {
        requireBlock(mapping, where);
        insertLines(positionAfter(mapping), column(mapping.getValue().get(0).getKeyNode()), lines);
    }

    /** Appends lines after the line holding {@code key: <empty>}, indented {@code indent} more than the key. */
    void appendUnderEmptyValue(NodeTuple tuple, int indent, List<Line> lines) {
        insertLines(lineEndAfter(end(tuple.getValueNode())), column(tuple.getKeyNode()) + indent, lines);
    }

    /** Appends lines at the end of the file (an empty document), at column 0. */
    void appendToEnd(List<Line> lines) {
        insertLines(text.length(), 0, lines);
    }

    /**
     * Removes the entries of a block mapping whose keys are in {@code keys}, with their whole lines. An entry that
     * follows a {@code "- "} on its line hands that place to the next entry that stays.
     */
    void removeKeys(MappingNode mapping, Set<String> keys, String where) {
        requireBlock(mapping, where);
        List<NodeTuple> tuples = mapping.getValue();
        boolean[] removed = new boolean[tuples.size()];
        for (int i = 0; i < tuples.size(); i++) {
            removed[i] = tuples.get(i).getKeyNode() instanceof ScalarNode key && keys.contains(key.getValue());
        }
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < tuples.size(); i++) {
            if (!removed[i]) {
                continue;
            }
            Node key = tuples.get(i).getKeyNode();
            int keyStart = start(key);
            int lineStart = lineStart(keyStart);
            if (text.substring(lineStart, keyStart).isBlank()) {
                ranges.add(new int[] {lineStart, positionAfterTuple(tuples.get(i))});
                continue;
            }
            int next = i + 1;
            while (next < tuples.size() && removed[next]) {
                next++;
            }
            if (next == tuples.size()) {
                throw new ManifestEditException(
                        "line " + line(key) + ": cannot remove every key of " + where + " (it would leave it empty)");
            }
            ranges.add(new int[] {keyStart, start(tuples.get(next).getKeyNode())});
        }
        ranges.sort(Comparator.comparingInt(r -> r[0]));
        int[] current = null;
        for (int[] range : ranges) {
            if (current != null && range[0] <= current[1]) {
                current[1] = Math.max(current[1], range[1]);
            } else {
                if (current != null) {
                    splices.add(new Splice(current[0], current[1], "", splices.size()));
                }
                current = range.clone();
            }
        }
        if (current != null) {
            splices.add(new Splice(current[0], current[1], "", splices.size()));
        }
    }

    void requireBlock(CollectionNode<?> node, String where) {
        if (node.getFlowStyle() == FlowStyle.FLOW) {
            throw new ManifestEditException("line " + line(node) + ": " + where
                    + " is a flow-style collection ({...} or [...]); gitops-flow adds entries only to block style");
        }
    }

    /** The text with every splice applied. */
    String result() {
        if (splices.isEmpty()) {
            return text;
        }
        List<Splice> ordered = new ArrayList<>(splices);
        // At one position an insertion goes before a replacement, and insertions keep the order they were made in.
        ordered.sort(Comparator.comparingInt(Splice::start)
                .thenComparingInt(s -> s.start() == s.end() ? 0 : 1)
                .thenComparingInt(Splice::order));
        var out = new StringBuilder(text.length() + 256);
        int copied = 0;
        for (Splice splice : ordered) {
            if (splice.start() < copied) {
                throw new IllegalStateException("overlapping edits at " + splice.start());
            }
            out.append(text, copied, splice.start()).append(splice.replacement());
            copied = splice.end();
        }
        return out.append(text, copied, text.length()).toString();
    }

    // ---- layout

    /** How many spaces the file indents a nested block mapping (see {@link YamlLayout#indentStep}). */
    int indentStep() {
        return YamlLayout.indentStep(this);
    }

    /** How far the file indents a block sequence's {@code -} under its key (see {@link YamlLayout#sequenceIndent}). */
    int sequenceIndent() {
        return YamlLayout.sequenceIndent(this);
    }

    /** The start of the line after the node's last line of content (comments after it stay below the insertion). */
    int positionAfter(Node node) {
        Node last = node;
        Node previousKey = null;
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (seen.add(last)) {
            if (last instanceof MappingNode mapping
                    && mapping.getFlowStyle() == FlowStyle.BLOCK
                    && !mapping.getValue().isEmpty()) {
                NodeTuple tuple = mapping.getValue().get(mapping.getValue().size() - 1);
                previousKey = tuple.getKeyNode();
                last = tuple.getValueNode();
                if (start(last) < end(previousKey)) {
                    // An alias: it sits on its key's line.
                    return lineEndAfter(end(previousKey));
                }
            } else if (last instanceof SequenceNode sequence
                    && sequence.getFlowStyle() == FlowStyle.BLOCK
                    && !sequence.getValue().isEmpty()) {
                int sequenceStart = start(sequence);
                last = sequence.getValue().get(sequence.getValue().size() - 1);
                if (start(last) < sequenceStart
                        || sequence.getValue().indexOf(last)
                                != sequence.getValue().size() - 1) {
                    throw new ManifestEditException("line " + line(sequence)
                            + ": a sequence ending with an alias; gitops-flow cannot tell where it ends");
                }
            } else {
                break;
            }
        }
        int end = end(last);
        if (last instanceof ScalarNode scalar
                && (scalar.getScalarStyle() == ScalarStyle.LITERAL || scalar.getScalarStyle() == ScalarStyle.FOLDED)
                && (end == 0 || text.charAt(end - 1) == '\n')) {
            // A block scalar's end mark is already the start of the line after its content.
            return end;
        }
        return lineEndAfter(end);
    }

    private int positionAfterTuple(NodeTuple tuple) {
        Node value = tuple.getValueNode();
        if (start(value) < end(tuple.getKeyNode())) {
            return lineEndAfter(end(tuple.getKeyNode()));
        }
        return positionAfter(value);
    }

    private int lineEndAfter(int index) {
        int newline = text.indexOf('\n', index);
        return newline < 0 ? text.length() : newline + 1;
    }

    private int lineStart(int index) {
        return text.lastIndexOf('\n', index - 1) + 1;
    }

    /** The inserted text's line break: the file's own (CRLF when its first line ends so). */
    String lineBreak() {
        return lineBreak;
    }
}
