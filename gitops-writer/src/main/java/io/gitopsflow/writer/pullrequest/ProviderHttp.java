package io.gitopsflow.writer.pullrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gitopsflow.events.validation.GitRefNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JSON over HTTP for the providers, with the errors every host shares turned into {@link PullRequestException}s.
 *
 * <p>{@code java.net.http.HttpClient} and Jackson rather than the Quarkus REST Client: the REST Client refuses to
 * build outside a running Quarkus application ("needs to be built within the context of a Quarkus application with a
 * valid ArC (CDI) context"), and these classes are plain, tested with WireMock in plain JUnit. Redirects are not
 * followed, so the token never travels to another host.
 */
final class ProviderHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");
    private static final int MAX_DETAIL = 300;

    private final String provider;
    private final PullRequestSettings settings;
    private final Map<String, String> headers;
    private final HttpClient client;

    ProviderHttp(String provider, PullRequestSettings settings, Map<String, String> headers) {
        this.provider = provider;
        this.settings = settings;
        this.headers = Map.copyOf(headers);
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    JsonNode get(String path, String action) {
        return send("GET", path, null, action);
    }

    /**
     * Sends a request to {@code path} (below the API root, already encoded) and answers the parsed JSON body.
     *
     * @param action what the call does, for the reason of a failure, e.g. "list the open pull requests of acme/gitops"
     */
    JsonNode send(String method, String path, Object body, String action) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.root() + path))
                .timeout(settings.timeout())
                .header("User-Agent", "gitops-flow");
        headers.forEach(request::header);
        try {
            if (body == null) {
                request.method(method, BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PullRequestException(
                    0,
                    provider + ": cannot " + action + ": "
                            + scrub(e.getClass().getSimpleName() + " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullRequestException(0, provider + ": interrupted while trying to " + action);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new PullRequestException(status, provider + ": cannot " + action + ": " + describe(status, response));
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PullRequestException(status, provider + ": cannot " + action + ": the answer is not JSON");
        }
    }

    /** The text of a response field, or a failure naming what is missing. */
    String text(JsonNode node, String field, String action) {
        JsonNode value = node.path(field);
        if (!value.isValueNode() || value.isNull() || value.asText().isEmpty()) {
            throw new PullRequestException(
                    200, provider + ": cannot " + action + ": the answer has no '" + field + "'");
        }
        return value.asText();
    }

    long number(JsonNode node, String field, String action) {
        JsonNode value = node.path(field);
        if (!value.canConvertToLong()) {
            throw new PullRequestException(
                    200, provider + ": cannot " + action + ": the answer has no '" + field + "'");
        }
        return value.asLong();
    }

    private String describe(int status, HttpResponse<String> response) {
        String detail = detail(response.body());
        return switch (status) {
            case 401 -> "HTTP 401: authentication failed (check the configured token)";
            case 403 -> "HTTP 403: the token may not do this" + (detail.isEmpty() ? "" : " (" + detail + ")");
            case 404 -> "HTTP 404: not found, or not visible to the token";
            default -> "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        };
    }

    /** What the host says went wrong: {@code message} plus GitHub's {@code errors[].message}, one bounded line. */
    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        try {
            JsonNode json = JSON.readTree(body);
            collect(json.path("message"), parts);
            collect(json.path("error"), parts);
            for (JsonNode error : json.path("errors")) {
                collect(error.isObject() ? error.path("message") : error, parts);
            }
        } catch (JsonProcessingException e) {
            parts.add(body);
        }
        return scrub(String.join(": ", parts));
    }

    private static void collect(JsonNode node, List<String> parts) {
        if (node.isTextual() && !node.asText().isBlank()) {
            parts.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, parts));
        } else if (node.isObject()) {
            // GitLab: {"message": {"source_branch": ["is invalid"]}}
            node.properties().forEach(field -> {
                List<String> inner = new ArrayList<>();
                collect(field.getValue(), inner);
                parts.add(field.getKey() + " " + String.join(", ", inner));
            });
        }
    }

    /** One line, bounded, and without the token even if a host echoed it. */
    String scrub(String text) {
        String safe = UNSAFE.matcher(String.valueOf(text).replace(settings.token(), "***"))
                .replaceAll(" ")
                .strip();
        return safe.length() > MAX_DETAIL ? safe.substring(0, MAX_DETAIL) + "..." : safe;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Checks the arguments every provider takes; answers the title as one line. */
    static String checkArguments(String headBranch, String baseBranch, String title, String body) {
        GitRefNames.requireBranchName(headBranch);
        GitRefNames.requireBranchName(baseBranch);
        if (headBranch.equals(baseBranch)) {
            throw new IllegalArgumentException("a pull request needs a head branch other than its base branch");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a pull request needs a title");
        }
        if (body == null) {
            throw new IllegalArgumentException("a pull request body must not be null (may be empty)");
        }
        return UNSAFE.matcher(title).replaceAll(" ").strip();
    }
}
