package io.gitopsflow.console.rest;

import io.gitopsflow.console.service.PageCursor;
import io.gitopsflow.events.validation.ResourceNames;
import jakarta.ws.rs.BadRequestException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks every name a request brings before it reaches a query or a page: a bad one is a 400 with the reason. */
public final class Names {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern FREIGHT_ID = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern ALIAS = Pattern.compile("[a-z]{1,20}-[a-z]{1,20}");
    private static final Pattern PROMOTION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    // PostgreSQL text cannot hold NUL, and no reason needs the other control characters
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");

    private Names() {}

    /** A pipeline or stage name: a DNS label. */
    public static String dnsLabel(String what, String value) {
        if (value == null || !ResourceNames.isDnsLabel(value)) {
            throw badRequest(what + " '" + printable(value) + "' is not a DNS label (lower case, digits, '-')");
        }
        return value;
    }

    /** A full commit SHA (SHA-1 or SHA-256 object name). */
    public static String commit(String value) {
        if (value == null || !COMMIT.matcher(value).matches()) {
            throw badRequest("commit '" + printable(value) + "' is not a full commit SHA (40 or 64 hex digits)");
        }
        return value;
    }

    /** A Freight id (40 hex digits) or alias (adjective-animal). */
    public static String freight(String value) {
        if (value == null
                || !(FREIGHT_ID.matcher(value).matches() || ALIAS.matcher(value).matches())) {
            throw badRequest("freight '" + printable(value)
                    + "' is neither a Freight id (40 hex digits) nor an alias (adjective-animal, e.g. brave-otter)");
        }
        return value;
    }

    /** A promotion id (a UUID). */
    public static String promotionId(String value) {
        if (value == null || !PROMOTION_ID.matcher(value).matches()) {
            throw badRequest("promotion '" + printable(value) + "' is not a promotion id (a UUID)");
        }
        return value;
    }

    /** A page size: {@code fallback} when absent, else a whole number from 1 to {@code max}. */
    public static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below with the rule
        }
        throw badRequest("limit '" + printable(value) + "' is not a whole number from 1 to " + max);
    }

    /** A page's {@code before} cursor, as a previous page gave it; empty when absent. */
    public static Optional<PageCursor> cursor(String value) {
        try {
            return PageCursor.decode(value);
        } catch (IllegalArgumentException e) {
            throw badRequest("before '" + printable(value) + "': " + e.getMessage());
        }
    }

    /** Free text a person wrote (a reason, a comment): at most 1000 characters, no control characters. */
    public static String text(String what, String value) {
        if (value != null && value.length() > 1000) {
            throw badRequest(what + " is longer than 1000 characters");
        }
        if (value != null && CONTROL.matcher(value).find()) {
            throw badRequest(what + " holds a control character (only tab and line breaks may be)");
        }
        return value;
    }

    /** A 400 answer with {@code reason}, as JSON (see {@link ProblemMapper}). */
    public static BadRequestException badRequest(String reason) {
        return new BadRequestException(reason);
    }

    /** At most 100 characters of {@code value}, without control characters, to quote back in a reason. */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return CONTROL.matcher(cut).replaceAll("?");
    }
}
