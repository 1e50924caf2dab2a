package io.gitopsflow.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.cli.CliException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The console at one URL, called with one bearer token: each call answers the body as JSON or throws a {@link
 * CliException} that says what to do — the server cannot be reached, the token is missing or expired ({@code
 * gitops-flow login}), the role that is needed (403), why the server refused (409), what was not found (404).
 */
public final class ConsoleClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final ConsoleApi api;

    public ConsoleClient(URI server, String token) {
        this.server = server;
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(server)
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .disableDefaultMapper(true);
        if (token != null) {
            builder.register((ClientRequestFilter)
                    request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token));
        }
        this.api = builder.build(ConsoleApi.class);
    }

    public URI server() {
        return server;
    }

    /** Calls the console and answers the body of a 2xx as JSON (an empty body as null). */
    public JsonNode call(Function<ConsoleApi, Response> call) {
        Response response;
        try {
            response = call.apply(api);
        } catch (ProcessingException e) {
            throw new CliException("cannot reach the console at " + server + ": " + rootMessage(e));
        }
        try (response) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            int status = response.getStatus();
            if (status >= 200 && status < 300) {
                return body.isBlank() ? null : parse(body);
            }
            throw new CliException(Refusals.describe(status, reasonOf(body), server));
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new CliException("the console answered something that is not JSON: " + e.getMessage());
        }
    }

    /** The server's reason: the {@code error} (or {@code message}/{@code detail}) of a JSON body, else the text. */
    static String reasonOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            for (String field : new String[] {"error", "message", "detail", "title"}) {
                if (node.hasNonNull(field)) {
                    return node.get(field).asText();
                }
            }
        } catch (Exception e) {
            // not JSON: the text itself
        }
        String text = body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
