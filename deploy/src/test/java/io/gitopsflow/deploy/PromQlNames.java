package io.gitopsflow.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges, grouping label lists,
 * Grafana variables, numbers and durations are removed, minus functions (a name before {@code (}) and keywords.
 */
final class PromQlNames {

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan",
            "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    private PromQlNames() {}

    static Set<String> of(String expression) {
        String text = STRING.matcher(expression).replaceAll("\"\"");
        text = text.replaceAll("\\{[^}]*}", " "); // label matchers (their strings are already blank)
        text = text.replaceAll("\\[[^]]*]", " "); // ranges and subqueries' [30m:1m]
        text = GROUPING.matcher(text).replaceAll(" ");
        text = text.replaceAll("\\$\\{?\\w+}?", " "); // Grafana variables: $__rate_interval, ${datasource}
        text = text.replaceAll("\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?([smhdwy]|ms)?\\b", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String name = identifier.group();
            boolean function = text.substring(identifier.end()).stripLeading().startsWith("(");
            if (!function && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
