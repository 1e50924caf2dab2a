package io.gitopsflow.local.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.local.UserTokens;
import io.gitopsflow.testkit.LocalHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The services' REST APIs as the audit reads them: a GET with the viewer's bearer token, answered as JSON. Any answer
 * but 200 (or 404 where asked for) is an {@link IllegalStateException} naming the request, so a service restarting
 * mid-audit makes the poll try again rather than read a half answer as data.
 */
final class JsonApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "viewer";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final UserTokens tokens;

    JsonApi(UserTokens tokens) {
        this.tokens = tokens;
    }

    /** {@code GET baseUrl + path}, which must answer 200. */
    JsonNode get(String baseUrl, String path) {
        return find(baseUrl, path)
                .orElseThrow(() -> new IllegalStateException("GET " + baseUrl + path + " answered 404"));
    }

    /** {@code GET baseUrl + path}; empty on 404. */
    Optional<JsonNode> find(String baseUrl, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + tokens.token(USER))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(15))
                .GET()
                .build();
        HttpResponse<String> response = LocalHttp.send(http, request);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + baseUrl + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + baseUrl + path + " did not answer JSON", e);
        }
    }

    /** The elements of a JSON array answer. */
    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        return elements;
    }

    /** A field's text, or null when it is absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
