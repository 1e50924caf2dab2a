package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.gitopsflow.events.validation.InvalidNameException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of a webhook body by dotted path; every failure names the field's path and never echoes its value.
 *
 * <p>{@code where} arguments prefix the path in messages (e.g. {@code commits[3]}) when the node is not the body.
 */
final class Json {

    private Json() {}

    /** The body as an object, or an exception: every provider sends a JSON object. */
    static JsonNode requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidWebhookException("body must be a JSON object");
        }
        return body;
    }

    /** The node at {@code path} (dot-separated field names), a missing node when any step is absent. */
    static JsonNode at(JsonNode node, String path) {
        JsonNode current = node == null ? MissingNode.getInstance() : node;
        for (String field : path.split("\\.")) {
            current = current.path(field);
        }
        return current;
    }

    static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    static String requiredText(JsonNode node, String path) {
        return requiredText(node, "", path);
    }

    static String requiredText(JsonNode node, String where, String path) {
        String value = optionalText(node, where, path);
        if (value == null) {
            throw new InvalidWebhookException("missing field " + name(where, path));
        }
        return value;
    }

    static String optionalText(JsonNode node, String path) {
        return optionalText(node, "", path);
    }

    /** The text at {@code path}; null when absent, null or blank; an exception when it is not a string. */
    static String optionalText(JsonNode node, String where, String path) {
        JsonNode value = at(node, path);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidWebhookException("field " + name(where, path) + " must be a string");
        }
        return value.textValue().isBlank() ? null : value.textValue();
    }

    /** A non-negative whole number, or null when absent. */
    static Integer optionalCount(JsonNode node, String path) {
        JsonNode value = at(node, path);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new InvalidWebhookException("field " + path + " must be a non-negative whole number");
        }
        return value.intValue();
    }

    /**
     * True only for a JSON {@code true}; false when absent or null (providers omit flags that are false); an exception
     * for anything else, such as the string {@code "true"}, which must not silently count as false.
     */
    static boolean isTrue(JsonNode node, String path) {
        JsonNode value = at(node, path);
        if (isAbsent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidWebhookException("field " + path + " must be a boolean (true or false)");
        }
        return value.booleanValue();
    }

    static Instant optionalInstant(JsonNode node, String path) {
        return optionalInstant(node, "", path);
    }

    /**
     * An ISO 8601 date-time with an offset ({@code 2024-05-01T12:00:00+02:00}, {@code ...Z}) or a number of epoch
     * seconds (Harbor, and GitHub's repository dates); null when absent.
     */
    static Instant optionalInstant(JsonNode node, String where, String path) {
        JsonNode value = at(node, path);
        if (isAbsent(value)) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochSecond(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return OffsetDateTime.parse(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeException notIso) {
                // fall through to the message below, which does not echo the unparsable value
            }
        }
        throw new InvalidWebhookException("field " + name(where, path)
                + " must be an ISO 8601 date-time with an offset (e.g. 2024-05-01T12:00:00Z) or epoch seconds");
    }

    /** The elements of the array at {@code path}; empty when absent, an exception when not an array. */
    static List<JsonNode> array(JsonNode node, String where, String path) {
        JsonNode value = at(node, path);
        if (isAbsent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidWebhookException("field " + name(where, path) + " must be an array");
        }
        List<JsonNode> elements = new ArrayList<>(value.size());
        value.forEach(elements::add);
        return elements;
    }

    /** An array of strings, e.g. a commit's changed files; empty when absent. */
    static List<String> stringList(JsonNode node, String where, String path) {
        List<JsonNode> elements = array(node, where, path);
        List<String> values = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            if (!elements.get(i).isTextual()) {
                throw new InvalidWebhookException("field " + name(where, path) + "[" + i + "] must be a string");
            }
            values.add(elements.get(i).textValue());
        }
        return values;
    }

    static String name(String where, String path) {
        return where.isEmpty() ? path : where + "." + path;
    }

    /**
     * Quotes a value from the payload for a message: escaped and cut to 80 characters, so it can neither forge a log
     * line nor carry a large part of the payload back (the contract's one quoting rule).
     */
    static String quote(String value) {
        return InvalidNameException.quote(value);
    }
}
