package io.gitopsflow.analysis.condition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the few spots where Argo Rollouts' expression language (expr-lang) and JEXL disagree, so that templates
 * keep their Argo text: a predicate argument written with {@code #} ({@code all(result, # < 500)} or
 * {@code all(result, {# < 500})}) becomes a separate JEXL expression of one parameter, named by a variable
 * ({@code all(result, __predicate0)} with {@code __predicate0} being {@code __element < 500}) — so the condition
 * itself needs no lambda, and JEXL's features can refuse lambdas, loops and assignments in what users write.
 * Everything else ({@code &&}, {@code ||}, {@code !}, {@code and}, {@code or}, {@code not}, indexing, comparisons,
 * literals) is the same in both and is left to JEXL's parser. This only finds argument boundaries; it parses nothing
 * else.
 */
public final class ArgoExpressions {

    /**
     * An Argo condition in JEXL.
     *
     * @param expression the condition, predicates replaced by their variables
     * @param predicates each predicate's variable and its JEXL text over {@link #ELEMENT}
     */
    public record Translation(String expression, Map<String, String> predicates) {}

    /** expr-lang built-ins whose second argument is a predicate over {@code #}. */
    static final Set<String> PREDICATE_FUNCTIONS = Set.of("all", "any", "none", "one", "filter", "map", "count");

    /** The parameter {@code #} stands for; a name Argo templates cannot collide with. */
    static final String ELEMENT = "__element";

    /** The variables predicates are bound to. */
    static final String PREDICATE = "__predicate";

    private final Map<String, String> predicates = new LinkedHashMap<>();

    private ArgoExpressions() {}

    /** The JEXL text of an Argo condition, its predicates apart. */
    public static Translation translate(String condition) {
        ArgoExpressions translator = new ArgoExpressions();
        String expression = translator.toJexl(condition);
        return new Translation(expression, Map.copyOf(translator.predicates));
    }

    private String toJexl(String condition) {
        StringBuilder out = new StringBuilder(condition.length() + 16);
        int i = 0;
        while (i < condition.length()) {
            char c = condition.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = skipString(condition, i);
                out.append(condition, i, end);
                i = end;
                continue;
            }
            if (Character.isJavaIdentifierStart(c) && (i == 0 || !isIdentifierPart(condition.charAt(i - 1)))) {
                int end = i;
                while (end < condition.length() && isIdentifierPart(condition.charAt(end))) {
                    end++;
                }
                String name = condition.substring(i, end);
                int open = skipSpaces(condition, end);
                if (PREDICATE_FUNCTIONS.contains(name) && open < condition.length() && condition.charAt(open) == '(') {
                    int close = matching(condition, open);
                    out.append(name).append('(').append(rewriteArguments(condition.substring(open + 1, close)));
                    out.append(')');
                    i = close + 1;
                    continue;
                }
                out.append(name);
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The arguments of a predicate function: the first one as it is (rewritten inside), the second as a predicate. */
    private String rewriteArguments(String arguments) {
        int comma = topLevelComma(arguments);
        if (comma < 0) {
            return toJexl(arguments);
        }
        String collection = toJexl(arguments.substring(0, comma));
        String predicate = arguments.substring(comma + 1).trim();
        if (predicate.startsWith("{") && predicate.endsWith("}")) {
            predicate = predicate.substring(1, predicate.length() - 1).trim();
        }
        String name = PREDICATE + predicates.size();
        predicates.put(name, ""); // reserves the number before the body's own predicates take theirs
        predicates.put(name, toJexl(replaceElement(predicate)));
        return collection + ", " + name;
    }

    private static String replaceElement(String predicate) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < predicate.length()) {
            char c = predicate.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = skipString(predicate, i);
                out.append(predicate, i, end);
                i = end;
            } else {
                out.append(c == '#' ? ELEMENT : String.valueOf(c));
                i++;
            }
        }
        return out.toString();
    }

    private static int topLevelComma(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int matching(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new ConditionException("unbalanced parentheses in " + ConditionEvaluator.quote(text));
    }

    /** The index just past the string literal starting at {@code start}. */
    private static int skipString(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        throw new ConditionException("unterminated string literal in " + ConditionEvaluator.quote(text));
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isJavaIdentifierPart(c);
    }
}
