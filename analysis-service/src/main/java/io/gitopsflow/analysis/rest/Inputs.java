package io.gitopsflow.analysis.rest;

import io.gitopsflow.events.validation.ResourceNames;
import jakarta.ws.rs.BadRequestException;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks every value a request brings (path ids, query filters, bodies) for form and length before it is used. */
final class Inputs {

    /** Run ids are {@code ar-<uuid>}, promotion ids promotion-service's: letters, digits, {@code . _ -}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Set<String> PHASES =
            Set.of("Pending", "Running", "Successful", "Failed", "Error", "Inconclusive");
    static final int MAX_TEXT = 500;

    private Inputs() {}

    /** A required id (a run's, a promotion's). */
    static String id(String what, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new BadRequestException(what + " must be 1 to 128 letters, digits, '.', '_' or '-' (starting with a"
                    + " letter or digit)" + (value == null ? "" : ", not " + excerpt(value)));
        }
        return value;
    }

    /** An optional id filter: null or blank means none. */
    static String optionalId(String what, String value) {
        return value == null || value.isEmpty() ? null : id(what, value);
    }

    /** An optional Kubernetes-style name filter (project, stage). */
    static String optionalName(String what, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!ResourceNames.isDnsLabel(value)) {
            throw new BadRequestException(
                    what + " must be a DNS-1123 label (lower-case letters, digits, '-'), not " + excerpt(value));
        }
        return value;
    }

    /** An optional phase filter in Argo's spelling. */
    static String optionalPhase(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!PHASES.contains(value)) {
            throw new BadRequestException(
                    "phase must be one of " + PHASES.stream().sorted().toList() + ", not " + excerpt(value));
        }
        return value;
    }

    /** Optional free text (a metric name, a reason): at most {@value #MAX_TEXT} characters, no control characters. */
    static String optionalText(String what, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException(
                    what + " must be at most " + MAX_TEXT + " characters without control characters");
        }
        return value.strip();
    }

    /** A bounded page size. */
    static int limit(Integer value, int fallback, int maximum) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > maximum) {
            throw new BadRequestException("limit must be between 1 and " + maximum + ", not " + value);
        }
        return value;
    }

    /** The value quoted for a reason: short, and printable only, so an answer never echoes a payload. */
    static String excerpt(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "'" + cut.replaceAll("[^\\x20-\\x7E…]", "?") + "'";
    }
}
