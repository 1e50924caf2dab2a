package io.gitopsflow.promotion.rest;

import io.gitopsflow.events.validation.ResourceNames;
import io.gitopsflow.promotion.service.PromotionException;
import io.gitopsflow.promotion.warehouse.FreightIdentity;
import java.util.regex.Pattern;

/** Checks every name a request brings before it reaches a query: a bad one is a 400 with the reason. */
final class Names {

    private static final Pattern FREIGHT_ID = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern PROMOTION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    // PostgreSQL text cannot hold NUL, and no reason needs the other control characters
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");

    private Names() {}

    static String dnsLabel(String what, String value) {
        if (value == null || !ResourceNames.isDnsLabel(value)) {
            throw PromotionException.badRequest(what + " '" + value + "' is not a DNS label (lower case, digits, '-')");
        }
        return value;
    }

    static String optionalDnsLabel(String what, String value) {
        return value == null ? null : dnsLabel(what, value);
    }

    static String freightId(String value) {
        if (value == null || !FREIGHT_ID.matcher(value).matches()) {
            throw PromotionException.badRequest("freight '" + value + "' is not a Freight id (40 hex digits)");
        }
        return value;
    }

    /** A Freight id or alias, by its form; whether the pipeline has it is the service's to say (404). */
    static String freight(String value) {
        if (value == null || !(FREIGHT_ID.matcher(value).matches() || FreightIdentity.isAlias(value))) {
            throw PromotionException.badRequest("freight '" + value
                    + "' is neither a Freight id (40 hex digits) nor an alias (adjective-animal, e.g. brave-otter)");
        }
        return value;
    }

    static String optionalFreight(String value) {
        return value == null ? null : freight(value);
    }

    static String promotionId(String value) {
        if (value == null || !PROMOTION_ID.matcher(value).matches()) {
            throw PromotionException.badRequest("promotion '" + value + "' is not a promotion id (a UUID)");
        }
        return value;
    }

    static String optionalPromotionId(String value) {
        return value == null ? null : promotionId(value);
    }

    static String commit(String value) {
        if (value == null || !COMMIT.matcher(value).matches()) {
            throw PromotionException.badRequest("commit '" + value + "' is not a full commit SHA");
        }
        return value;
    }

    static String text(String what, String value) {
        if (value != null && value.length() > 1000) {
            throw PromotionException.badRequest(what + " is longer than 1000 characters");
        }
        if (value != null && CONTROL.matcher(value).find()) {
            throw PromotionException.badRequest(what + " holds a control character (only tab and line breaks may be)");
        }
        return value;
    }
}
