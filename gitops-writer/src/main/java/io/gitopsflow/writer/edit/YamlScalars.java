package io.gitopsflow.writer.edit;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Writes a string as a YAML scalar that every consumer (Helm's go-yaml, kustomize, Argo CD) reads back as that string. */
final class YamlScalars {

    /** Characters a plain scalar may have here: no indicator, quote, space, comment or flow character anywhere. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./@:+-]*");

    /**
     * Plain scalars some YAML reader resolves to something other than a string (YAML 1.1 and 1.2 booleans, nulls,
     * integers in every base, floats, sexagesimals, timestamps; go-yaml's hexadecimal floats). A tag such as {@code 1.0}
     * or {@code 1234e56} written plain would reach a Helm template as a number.
     */
    private static final Pattern NOT_A_STRING = Pattern.compile(
            "(?i:y|n|yes|no|true|false|on|off|null|~)"
                    + "|[-+]?[0-9][0-9_]*"
                    + "|[-+]?0[xob][0-9a-f_]+"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?"
                    + "|[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
                    + "|[-+]?0x[0-9a-f_.]*p[-+]?[0-9]+"
                    + "|[-+]?\\.(?i:inf)|\\.(?i:nan)"
                    + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt].*)?",
            Pattern.CASE_INSENSITIVE);

    private YamlScalars() {}

    /** True when {@code value} can be written without quotes and still reads as this exact string. */
    static boolean isSafePlain(String value) {
        return PLAIN.matcher(value).matches()
                && !value.endsWith(":")
                && !NOT_A_STRING.matcher(value).matches();
    }

    /** A plain key or value gitops-flow creates: plain when safe, otherwise double-quoted. */
    static String renderNew(String value) {
        return renderNew(value, false);
    }

    /** As {@link #renderNew(String)}; inside a flow collection a ':' needs quotes too (libyaml refuses x:x there). */
    static String renderNew(String value, boolean inFlow) {
        return isSafePlain(value) && !(inFlow && value.indexOf(':') >= 0) ? value : doubleQuoted(value);
    }

    /** {@code value} in the style of the scalar it replaces; a plain scalar gets quotes only when it needs them. */
    static String renderLike(ScalarStyle style, String value, boolean inFlow) {
        if (style == ScalarStyle.SINGLE_QUOTED) {
            return singleQuoted(value);
        }
        if (style == ScalarStyle.DOUBLE_QUOTED) {
            return doubleQuoted(value);
        }
        if (style == ScalarStyle.PLAIN) {
            return renderNew(value, inFlow);
        }
        throw new IllegalArgumentException("cannot write a " + style + " scalar");
    }

    /** The scalar's value as a string, or null when YAML reads it as null (empty, {@code ~}, {@code null}). */
    static String valueOrNull(ScalarNode node) {
        if (node.getScalarStyle() == ScalarStyle.PLAIN
                && (node.getValue().isEmpty() || node.getValue().matches("~|null|Null|NULL"))) {
            return null;
        }
        return node.getValue();
    }

    static String doubleQuoted(String value) {
        var out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
                        out.append(String.format("\\u%04X", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    static String singleQuoted(String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // A single-quoted scalar cannot escape a line break: it would fold.
            return doubleQuoted(value);
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
