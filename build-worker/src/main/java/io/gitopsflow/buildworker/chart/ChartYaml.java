package io.gitopsflow.buildworker.chart;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A chart's {@code Chart.yaml} as its author wrote it: a release sets {@code version} and {@code appVersion} by
 * replacing only those scalars' text (found by their node positions), so comments, key order, quoting and every other
 * byte stay; a key that is missing is added at the end.
 */
public final class ChartYaml {

    public static final String FILE_NAME = "Chart.yaml";

    private ChartYaml() {}

    /** {@code text} with {@code version} and {@code appVersion} set to {@code version}. */
    public static String withVersion(String text, String version) {
        String edited = withValue(text, "version", version);
        return withValue(edited, "appVersion", version);
    }

    /** The chart's metadata as YAML reads it (values as Helm reads them: keys are Chart.yaml's). */
    public static Map<String, Object> metadata(String text) {
        try {
            Object loaded = new Load(LoadSettings.builder().build()).loadFromString(text);
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new ChartException(FILE_NAME + " must be a mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) map;
            return metadata;
        } catch (YamlEngineException | ClassCastException e) {
            throw new ChartException(FILE_NAME + " is not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static String withValue(String text, String key, String value) {
        MappingNode root = root(text);
        Optional<NodeTuple> entry = root.getValue().stream()
                .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode scalar
                        && scalar.getValue().equals(key))
                .findFirst();
        if (entry.isEmpty()) {
            return appended(text, root, key, value);
        }
        if (!(entry.get().getValueNode() instanceof ScalarNode scalar)) {
            throw new ChartException(FILE_NAME + ": " + key + " must be a single value");
        }
        int start = charIndex(text, mark(scalar.getStartMark(), key));
        int end = charIndex(text, mark(scalar.getEndMark(), key));
        if (start == end) {
            // "version:" with no value: the empty scalar sits where the value would start
            int colon = text.indexOf(
                    ':', charIndex(text, mark(entry.get().getKeyNode().getEndMark(), key)));
            return text.substring(0, colon + 1) + " " + value + text.substring(colon + 1);
        }
        return text.substring(0, start) + written(scalar.getScalarStyle(), key, value) + text.substring(end);
    }

    /** The value in the style the author chose for the old one. */
    private static String written(ScalarStyle style, String key, String value) {
        if (style == ScalarStyle.DOUBLE_QUOTED) {
            return "\"" + value + "\"";
        }
        if (style == ScalarStyle.SINGLE_QUOTED) {
            return "'" + value + "'";
        }
        if (style == ScalarStyle.PLAIN) {
            return value;
        }
        throw new ChartException(FILE_NAME + ": " + key + " must be written on one line, not as a block scalar");
    }

    private static String appended(String text, MappingNode root, String key, String value) {
        int column = mark(root.getStartMark(), key).getColumn();
        String separator = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        return text + separator + " ".repeat(column) + key + ": " + value + "\n";
    }

    private static MappingNode root(String text) {
        List<Node> documents = new ArrayList<>();
        try {
            LoadSettings settings = LoadSettings.builder().setUseMarks(true).build();
            Composer composer = new Composer(
                    settings, new ParserImpl(settings, new StreamReader(settings, new StringReader(text))));
            composer.forEachRemaining(documents::add);
        } catch (YamlEngineException e) {
            throw new ChartException(FILE_NAME + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (documents.size() != 1 || !(documents.get(0) instanceof MappingNode root)) {
            throw new ChartException(FILE_NAME + " must hold exactly one YAML document, a mapping");
        }
        if (root.getFlowStyle() == FlowStyle.FLOW) {
            throw new ChartException(FILE_NAME + " must be a block mapping (key: value lines), not {...}");
        }
        return root;
    }

    private static Mark mark(Optional<Mark> mark, String key) {
        return mark.orElseThrow(() -> new IllegalStateException("no position for " + key + " in " + FILE_NAME));
    }

    /** A mark's index counts code points; Java strings count UTF-16 units. */
    private static int charIndex(String text, Mark mark) {
        return text.offsetByCodePoints(0, mark.getIndex());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
