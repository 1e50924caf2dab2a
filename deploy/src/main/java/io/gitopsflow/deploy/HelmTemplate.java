package io.gitopsflow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A Helm template written from manifests: a value to be set from the chart's values is first a plain token in the
 * manifest (so the YAML library writes the rest, quoting and all), then the token is replaced by the Go template
 * expression in the text. Text that Helm would read as an action ({@code {{ $labels.job }}} of an alert) is
 * escaped, so it is rendered as written.
 */
final class HelmTemplate {

    private static final Pattern TOKEN = Pattern.compile("HELMVALUE(\\d+)X");
    private static final Pattern ACTION = Pattern.compile("\\{\\{.*?}}");

    private final List<String> expressions = new ArrayList<>();
    private final List<Boolean> blocks = new ArrayList<>();

    /** A token that becomes {@code {{ expression }}} where the value was. */
    String value(String expression) {
        return token("{{ " + expression + " }}", false);
    }

    /**
     * A token for a map or list value that becomes {@code {{- toYaml expression | nindent N }}}, indented under its
     * key.
     */
    String block(String expression) {
        return token(expression, true);
    }

    private String token(String expression, boolean block) {
        expressions.add(expression);
        blocks.add(block);
        return "HELMVALUE" + (expressions.size() - 1) + "X";
    }

    /** The documents as YAML, Helm actions in their text escaped, then the tokens replaced by their expressions. */
    String render(List<?> documents) {
        Dump dump = new Dump(DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setExplicitStart(true)
                .setWidth(1000)
                .build());
        StringBuilder out = new StringBuilder();
        documents.forEach(document -> out.append(dump.dumpToString(document)));
        return replaceTokens(escapeActions(out.toString()));
    }

    /** {@code {{ x }}} in a manifest's text, which Helm must print as it is. */
    static String escapeActions(String text) {
        return ACTION.matcher(text).replaceAll(match -> Matcher.quoteReplacement("{{`" + match.group() + "`}}"));
    }

    private String replaceTokens(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            Matcher token = TOKEN.matcher(line);
            if (token.find() && blocks.get(Integer.parseInt(token.group(1)))) {
                int indent = line.length() - line.stripLeading().length();
                if (line.stripLeading().startsWith("- ")) {
                    indent += 2;
                }
                String expression = expressions.get(Integer.parseInt(token.group(1)));
                out.append(line.substring(0, token.start()).stripTrailing())
                        .append("\n")
                        .append(" ".repeat(indent + 2))
                        .append("{{- toYaml ")
                        .append(expression)
                        .append(" | nindent ")
                        .append(indent + 2)
                        .append(" }}");
            } else {
                out.append(token.replaceAll(
                        match -> Matcher.quoteReplacement(expressions.get(Integer.parseInt(match.group(1))))));
            }
            out.append("\n");
        }
        return out.substring(0, out.length() - 1);
    }

    /** {@code text} as a Go template string literal. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A Go template {@code dict} of the entries. */
    static String dict(Map<String, ?> entries) {
        StringBuilder out = new StringBuilder("(dict");
        entries.forEach(
                (key, value) -> out.append(' ').append(quoted(key)).append(' ').append(quoted(String.valueOf(value))));
        return out.append(')').toString();
    }
}
