package io.gitopsflow.gateway.service;

import io.gitopsflow.events.validation.InvalidNameException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Delivery ids from outside, checked for length and form before they reach the database, and the delivery keys built
 * from them, which always fit the column: one oversized id must be refused on its own, never fail the batched claim
 * of other webhooks.
 */
final class DeliveryKeys {

    /** The length of {@code webhook_delivery.delivery_key} and {@code subject}. */
    static final int COLUMN_MAX = 400;
    /** Longest delivery id or CloudEvent id accepted; providers send UUIDs (36) or numbers. */
    static final int ID_MAX = 200;
    /** Longest CloudEvent source accepted, so that {@code events:<source>:<id>} fits the column. */
    static final int SOURCE_MAX = COLUMN_MAX - ID_MAX - "events::".length();

    private DeliveryKeys() {}

    /**
     * A delivery id or CloudEvent attribute: 1 to {@code max} visible ASCII characters (no spaces, no controls).
     *
     * @throws RejectedWebhookException 400 naming the rule broken
     */
    static String require(String what, String value, int max) {
        String problem = problem(value, max);
        if (problem != null) {
            throw new RejectedWebhookException(400, new InvalidNameException(what, value, problem).getMessage());
        }
        return value;
    }

    /**
     * {@code <source>:<readable>} when it fits the column, else {@code <source>:sha256:<hex of readable>}: the same
     * delivery always gets the same key, so redeliveries stay duplicates. Only registry keys can be that long (ids and
     * CloudEvent attributes are validated to fit), and a readable registry key always has an '@', a hashed one never.
     */
    static String key(String source, String readable) {
        String key = source + ":" + readable;
        if (key.length() <= COLUMN_MAX) {
            return key;
        }
        return source + ":sha256:" + sha256(readable.getBytes(StandardCharsets.UTF_8));
    }

    /** The delivery id of a body whose provider sends none: {@code sha256-<hex>}, the same for a redelivery. */
    static String ofBody(byte[] body) {
        return "sha256-" + sha256(body);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A subject for the bookkeeping column; names are validated shorter than this, but the column must never fail. */
    static String subject(String subject) {
        return subject == null || subject.length() <= COLUMN_MAX ? subject : subject.substring(0, COLUMN_MAX);
    }

    private static String problem(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.length() > max) {
            return "must be at most " + max + " characters (was " + value.length() + ")";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                return "must contain only visible ASCII characters (no spaces or control characters)";
            }
        }
        return null;
    }
}
