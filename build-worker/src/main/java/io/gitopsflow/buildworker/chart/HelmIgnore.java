package io.gitopsflow.buildworker.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A chart's {@code .helmignore}, read by Helm's rules so the package holds what {@code helm package} would put in it:
 * one glob per line in Go's {@code filepath.Match} syntax ({@code *} and {@code ?} never cross a {@code /}), a rule
 * without {@code /} matches a file or folder name anywhere, one with a {@code /} the path from the chart's folder, a
 * leading {@code /} anchors it there, a trailing {@code /} matches folders only; blank lines and {@code #} comments are
 * skipped, and {@code **} is an error, as in Helm. A {@code !} rule is refused: Helm does not read it as
 * {@code .gitignore} does (it would leave out everything the rule does not match), so honouring it either way would
 * surprise someone. Like Helm, hidden files under {@code templates/} are always left out.
 */
public final class HelmIgnore {

    public static final String FILE_NAME = ".helmignore";

    /** Helm's own default rule: editors' and tools' hidden files beside the templates are no templates. */
    private static final String DEFAULT_RULE = "templates/.?*";

    private final List<Rule> rules;

    private HelmIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of a {@code .helmignore} file's text (null or empty: Helm's default rule only). */
    public static HelmIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        rules.add(Rule.of(DEFAULT_RULE, 0));
        if (text != null) {
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rules.add(Rule.of(line, i + 1));
                }
            }
        }
        return new HelmIgnore(rules);
    }

    /**
     * Whether the file or folder at {@code path} (relative to the chart's folder, {@code /}-separated) is left out; a
     * folder left out leaves out all it holds.
     */
    public boolean ignores(String path, boolean folder) {
        for (Rule rule : rules) {
            if (rule.foldersOnly() && !folder) {
                continue;
            }
            String subject = rule.scope() == Scope.NAME ? path.substring(path.lastIndexOf('/') + 1) : path;
            if (rule.glob().matcher(subject).matches()) {
                return true;
            }
        }
        return false;
    }

    /** What part of a path a rule is matched against. */
    private enum Scope {
        /** The file or folder name: a rule without {@code /}. */
        NAME,
        /** The path from the chart's folder: a rule with a {@code /}, leading or not. */
        PATH
    }

    private record Rule(Pattern glob, boolean foldersOnly, Scope scope) {

        static Rule of(String line, int number) {
            if (line.contains("**")) {
                throw invalid(number, line, "'**' is not supported by Helm");
            }
            if (line.startsWith("!")) {
                throw invalid(number, line, "'!' rules are not honoured by helm package as .gitignore reads them");
            }
            String rule = line;
            boolean foldersOnly = rule.endsWith("/");
            if (foldersOnly) {
                rule = rule.substring(0, rule.length() - 1);
            }
            Scope scope = rule.contains("/") ? Scope.PATH : Scope.NAME;
            if (rule.startsWith("/")) {
                rule = rule.substring(1);
            }
            try {
                return new Rule(Pattern.compile(regex(rule)), foldersOnly, scope);
            } catch (IllegalArgumentException e) {
                throw invalid(number, line, "not a valid glob");
            }
        }

        private static ChartException invalid(int number, String line, String problem) {
            return new ChartException(FILE_NAME + " line " + number + " (" + line + "): " + problem);
        }

        /** Go's filepath.Match syntax as a regular expression: '*', '?', '[...]' (with '^' negation), '\' escapes. */
        private static String regex(String glob) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else if (c == '\\' && i + 1 < glob.length()) {
                    regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                } else if (c == '[') {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        throw new IllegalArgumentException("unclosed character class");
                    }
                    String inside = glob.substring(i + 1, close);
                    boolean negated = inside.startsWith("^");
                    String members = (negated ? inside.substring(1) : inside)
                            .replace("\\", "\\\\")
                            .replace("[", "\\[");
                    regex.append(negated ? "[^/" : "[").append(members).append(']');
                    i = close;
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return regex.toString();
        }
    }
}
