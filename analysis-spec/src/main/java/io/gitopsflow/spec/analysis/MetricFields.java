package io.gitopsflow.spec.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A metric's schedule and limits: parsed from their text (when a template is read, or when a run starts for those
 * written with {@code {{args.x}}}), and checked together with the rules of Argo's {@code ValidateMetric}, in its words,
 * so a template is refused at load, or a run ends Error, for the same reasons as in Argo.
 */
public final class MetricFields {

    /** The fields that may be written with {@code {{args.x}}} and are parsed when a run starts. */
    public static final Set<String> NAMES = Set.of(
            "interval",
            "initialDelay",
            "count",
            "failureLimit",
            "inconclusiveLimit",
            "consecutiveErrorLimit",
            "consecutiveSuccessLimit");

    private MetricFields() {}

    /** One rule broken: the field it is reported on and Argo's message. */
    public record Violation(String field, String message) {}

    /** A Go duration above zero, or {@link IllegalArgumentException} saying what the text is not. */
    public static Duration duration(String text) {
        Duration duration = Durations.parse(text);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("is not above zero");
        }
        return duration;
    }

    /** The smallest value each whole-number field takes. */
    public static int minimum(String field) {
        return switch (field) {
            case "count" -> 1;
            case "failureLimit" -> -1;
            default -> 0;
        };
    }

    /** A whole number of at least the field's {@link #minimum}, or {@link IllegalArgumentException}. */
    public static int integer(String field, String text) {
        int value;
        try {
            value = Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number");
        }
        if (value < minimum(field)) {
            throw new IllegalArgumentException("is less than " + minimum(field));
        }
        return value;
    }

    /** Argo's {@code ValidateMetric} over the limits and the count of a metric whose fields are all resolved. */
    public static List<Violation> check(MetricSpec metric) {
        List<Violation> violations = new ArrayList<>();
        int count = metric.count() == null ? 0 : metric.count();
        int failureLimit = metric.failureLimit();
        int successLimit = metric.consecutiveSuccessLimit();
        if (successLimit == 0 && failureLimit == -1) {
            violations.add(
                    new Violation("failureLimit", "failureLimit and consecutiveSuccessLimit cannot both be disabled"));
        }
        if (count > 0) {
            if (failureLimit >= 0 && count < failureLimit + successLimit) {
                violations.add(new Violation(
                        "count",
                        "count (" + count + ") must be >= failureLimit + consecutiveSuccessLimit (" + failureLimit
                                + " + " + successLimit + ") if both >= 0"));
            } else if (failureLimit < 0 && count < successLimit) {
                violations.add(new Violation("count", "count must be >= consecutiveSuccessLimit"));
            }
            if (count < metric.inconclusiveLimit()) {
                violations.add(new Violation("count", "count must be >= inconclusiveLimit"));
            }
        }
        if (count > 1 && metric.interval() == null) {
            violations.add(new Violation("count", "interval must be specified when count > 1"));
        }
        return violations;
    }
}
