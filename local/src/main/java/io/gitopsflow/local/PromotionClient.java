package io.gitopsflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.testkit.LocalHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** promotion-service's REST API as the local users call it, each with their own bearer token. */
public final class PromotionClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final UserTokens tokens;
    private final String pipeline;

    /** The client of the sample pipeline, {@code books}. */
    public PromotionClient(String url, UserTokens tokens) {
        this(url, tokens, LocalStack.PIPELINE);
    }

    /** The client of {@code pipeline}. */
    public PromotionClient(String url, UserTokens tokens, String pipeline) {
        this.url = url;
        this.tokens = tokens;
        this.pipeline = pipeline;
    }

    /** {@code GET /pipelines/<pipeline>/stages}: each stage's Freight, latest promotion and whether it is verified. */
    public JsonNode stages() {
        return get("/pipelines/" + pipeline + "/stages");
    }

    /** {@code GET /pipelines/<pipeline>/freight}. */
    public JsonNode freight() {
        return get("/pipelines/" + pipeline + "/freight");
    }

    /** {@code GET /promotions/{id}}: the promotion, its writes and its approvals. */
    public JsonNode promotion(String id) {
        return get("/promotions/" + id);
    }

    /** The stage's entry of {@link #stages()}. */
    public JsonNode stage(String name) {
        for (JsonNode stage : stages()) {
            if (name.equals(stage.path("name").asText())) {
                return stage;
            }
        }
        throw new IllegalArgumentException("pipeline " + pipeline + " has no stage " + name);
    }

    /** {@code POST /promotions/{id}/approve} as {@code user}. */
    public HttpResponse<String> approve(String promotionId, String user, String comment) {
        return LocalHttp.send(
                http,
                request("/promotions/" + promotionId + "/approve", user)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.createObjectNode().put("comment", comment).toString()))
                        .build());
    }

    private JsonNode get(String path) {
        HttpResponse<String> response =
                LocalHttp.send(http, request(path, "viewer").GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " did not answer JSON", e);
        }
    }

    private HttpRequest.Builder request(String path, String user) {
        return HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + tokens.token(user))
                .timeout(Duration.ofSeconds(10));
    }
}
