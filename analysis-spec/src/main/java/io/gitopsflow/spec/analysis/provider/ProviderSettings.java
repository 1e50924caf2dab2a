package io.gitopsflow.spec.analysis.provider;

import io.gitopsflow.spec.analysis.provider.ProviderCheck.Problem;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading and checking a provider's settings map: the helpers every provider shares. */
public final class ProviderSettings {

    private ProviderSettings() {}

    /** Problems for keys outside {@code supported}, named so the user sees the field is not used. */
    public static void unsupported(Map<String, Object> config, Set<String> supported, List<Problem> problems) {
        for (String key : config.keySet()) {
            if (!supported.contains(key)) {
                problems.add(
                        new Problem(key, "is not supported (supported: " + String.join(", ", sorted(supported)) + ")"));
            }
        }
    }

    /** A required text setting; a problem when missing or not text. */
    public static void requireText(Map<String, Object> config, String key, List<Problem> problems) {
        Object value = config.get(key);
        if (value == null || value.toString().isBlank()) {
            problems.add(new Problem(key, "is required"));
        } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problems.add(new Problem(key, "must be text"));
        }
    }

    /** An http(s) URL setting, unless it holds an argument resolved later. */
    public static void checkUrl(Map<String, Object> config, String key, List<Problem> problems) {
        Object value = config.get(key);
        if (value == null || value.toString().contains("{{")) {
            return;
        }
        try {
            URI uri = URI.create(value.toString().trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(new Problem(key, "'" + value + "' is not an http(s) URL"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(key, "'" + value + "' is not a URL: " + e.getMessage()));
        }
    }

    /** A positive whole number of seconds, when set. */
    public static void checkSeconds(Map<String, Object> config, String key, List<Problem> problems) {
        Object value = config.get(key);
        if (value != null
                && !(value instanceof Number number && number.longValue() > 0 && number.doubleValue() % 1 == 0)) {
            problems.add(new Problem(key, "must be a whole number of seconds above 0, not '" + value + "'"));
        }
    }

    /** Argo's {@code headers: [{key, value}]}: each entry must have both, and nothing else. */
    public static void checkHeaders(Map<String, Object> config, List<Problem> problems) {
        Object headers = config.get("headers");
        if (headers == null) {
            return;
        }
        if (!(headers instanceof List<?> list)) {
            problems.add(new Problem("headers", "must be a list of {key, value}"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "headers[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> header)) {
                problems.add(new Problem(path, "must be {key, value}"));
                continue;
            }
            for (Object field : header.keySet()) {
                if (!"key".equals(field) && !"value".equals(field)) {
                    problems.add(new Problem(path + "." + field, "is not supported (supported: key, value)"));
                }
            }
            if (header.get("key") == null || header.get("key").toString().isBlank()) {
                problems.add(new Problem(path + ".key", "is required"));
            }
            if (header.get("value") == null) {
                problems.add(new Problem(path + ".value", "is required"));
            }
        }
    }

    /**
     * Argo's {@code insecure} (a boolean) and {@code authentication}: {@code oauth2} (tokenUrl with clientId and
     * clientSecret, scopes), {@code basicAuth} where the provider uses it (username and password); {@code sigv4} is
     * refused, since signing for AWS needs the AWS SDK, which gitops-flow does not carry.
     */
    public static void checkAuthentication(Map<String, Object> config, boolean basicAuth, List<Problem> problems) {
        Object insecure = config.get("insecure");
        if (insecure != null && !(insecure instanceof Boolean)) {
            problems.add(new Problem("insecure", "must be true or false, not '" + insecure + "'"));
        }
        Object authentication = config.get("authentication");
        if (authentication == null) {
            return;
        }
        if (!(authentication instanceof Map<?, ?> methods)) {
            problems.add(new Problem("authentication", "must be {oauth2, basicAuth, sigv4}"));
            return;
        }
        for (Object key : methods.keySet()) {
            String path = "authentication." + key;
            if ("sigv4".equals(key)) {
                problems.add(new Problem(
                        path,
                        "AWS SigV4 signing is not supported by gitops-flow (it needs the AWS SDK);"
                                + " put a SigV4 signing proxy in front of the endpoint and point the address at it"));
            } else if ("basicAuth".equals(key) && !basicAuth) {
                problems.add(new Problem(
                        path,
                        "is ignored by Argo's web provider, so it is refused here: send an"
                                + " Authorization header with headers"));
            } else if ("basicAuth".equals(key)) {
                checkFields(
                        methods.get(key),
                        path,
                        Set.of("username", "password"),
                        Set.of("username", "password"),
                        problems);
            } else if ("oauth2".equals(key)) {
                checkFields(
                        methods.get(key),
                        path,
                        Set.of("tokenUrl", "clientId", "clientSecret", "scopes"),
                        Set.of("tokenUrl", "clientId", "clientSecret"),
                        problems);
            } else {
                problems.add(new Problem(path, "is not supported (supported: basicAuth, oauth2, sigv4)"));
            }
        }
    }

    private static void checkFields(
            Object value, String path, Set<String> known, Set<String> required, List<Problem> problems) {
        if (!(value instanceof Map<?, ?> fields)) {
            problems.add(new Problem(path, "must be a map of " + String.join(", ", sorted(known))));
            return;
        }
        for (Object field : fields.keySet()) {
            if (!known.contains(String.valueOf(field))) {
                problems.add(new Problem(
                        path + "." + field, "is not supported (supported: " + String.join(", ", sorted(known)) + ")"));
            }
        }
        for (String field : sorted(required)) {
            Object given = fields.get(field);
            if (given == null || given.toString().isBlank()) {
                problems.add(new Problem(path + "." + field, "is required (Argo: missing mandatory parameter)"));
            }
        }
        if (fields.get("scopes") != null && !(fields.get("scopes") instanceof List<?>)) {
            problems.add(new Problem(path + ".scopes", "must be a list"));
        }
    }

    /** The {@code authentication.<method>} settings, or null. */
    public static Map<?, ?> authentication(Map<String, Object> config, String method) {
        return config.get("authentication") instanceof Map<?, ?> methods && methods.get(method) instanceof Map<?, ?> m
                ? m
                : null;
    }

    /** The headers as a name → value map, in the order written. */
    public static Map<String, String> headers(Map<String, Object> config) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (config.get("headers") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> header) {
                    headers.put(String.valueOf(header.get("key")), String.valueOf(header.get("value")));
                }
            }
        }
        return headers;
    }

    /** A text setting, or {@code fallback}. */
    public static String text(Map<String, Object> config, String key, String fallback) {
        Object value = config.get(key);
        return value == null ? fallback : value.toString();
    }

    /** A seconds setting, or {@code fallback}. */
    public static long seconds(Map<String, Object> config, String key, long fallback) {
        return config.get(key) instanceof Number number ? number.longValue() : fallback;
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        list.sort(null);
        return list;
    }
}
