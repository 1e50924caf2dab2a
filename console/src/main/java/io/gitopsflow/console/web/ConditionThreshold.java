package io.gitopsflow.console.web;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition the analysis chart can draw as a line: only the simple threshold form {@code result <op> number} (or
 * {@code result[0] <op> number}), e.g. {@code result[0] < 0.05} or {@code result >= 0.95}. Anything else — functions,
 * {@code &&}, {@code {{args.x}}} not yet resolved — is shown as text only: the chart never guesses what a condition
 * means.
 *
 * @param operator one of {@code < <= > >= ==}
 * @param value the number the measurement is compared with
 */
public record ConditionThreshold(String operator, double value) {

    private static final Pattern SIMPLE = Pattern.compile(
            "\\s*result(?:\\s*\\[\\s*0\\s*])?\\s*(<=|>=|==|<|>)\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    /** The threshold of {@code condition}, when it has the simple form. */
    public static Optional<ConditionThreshold> parse(String condition) {
        if (condition == null || condition.length() > 200) {
            return Optional.empty();
        }
        Matcher matcher = SIMPLE.matcher(condition);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(matcher.group(2));
        return Double.isFinite(value) ? Optional.of(new ConditionThreshold(matcher.group(1), value)) : Optional.empty();
    }
}
