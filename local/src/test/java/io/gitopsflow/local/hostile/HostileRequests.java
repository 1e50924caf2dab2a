package io.gitopsflow.local.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.testkit.LocalHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded campaign of hostile requests against every operation every service's OpenAPI document lists (so an
 * endpoint added later is attacked without editing this class): half with a forged or missing bearer token, half
 * with a real user's token but names and bodies that must be refused. Each answer is kept for the test to judge.
 */
public final class HostileRequests {

    /** One request sent and what it was answered. */
    public record Outcome(String service, String method, String path, String attack, int status, String body) {

        @Override
        public String toString() {
            return service + " " + method + " " + abbreviate(path) + " [" + attack + "] -> " + status + " "
                    + abbreviate(body);
        }

        private static String abbreviate(String text) {
            return text.length() > 160 ? text.substring(0, 160) + "…" : text;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private final HttpClient http = HttpClient.newBuilder()
            // as Git hosts and registries send them: HTTP/1.1, no upgrade to HTTP/2
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final HostileInputs inputs;
    private final Map<String, String> realTokens;

    /** {@code realTokens}: user → a valid token of theirs (their roles are what they are; none is an operator). */
    public HostileRequests(long seed, String issuer, Map<String, String> realTokens) {
        this.inputs = new HostileInputs(seed, issuer);
        this.realTokens = realTokens;
    }

    /** {@code rounds} hostile requests per operation of the service at {@code url}. */
    public List<Outcome> attack(String service, String url, int rounds) {
        List<Outcome> outcomes = new ArrayList<>();
        for (String[] operation : operations(url)) {
            for (int round = 0; round < rounds; round++) {
                outcomes.add(send(service, url, operation, round % 2 == 0));
            }
        }
        return outcomes;
    }

    /**
     * Every (method, path template, "stream" for a server-sent-events stream) of the service's OpenAPI document, but
     * Quarkus' own {@code /q/} endpoints.
     */
    static List<String[]> operations(String url) {
        HttpResponse<String> document = LocalHttp.send(
                HttpClient.newHttpClient(),
                HttpRequest.newBuilder(URI.create(url + "/q/openapi?format=json"))
                        .build());
        List<String[]> operations = new ArrayList<>();
        try {
            JsonNode paths = JSON.readTree(document.body()).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                if (path.getKey().startsWith("/q/")) {
                    continue;
                }
                path.getValue().fields().forEachRemaining(method -> {
                    if (METHODS.contains(method.getKey())) {
                        boolean stream = method.getValue().toString().contains("text/event-stream");
                        operations.add(
                                new String[] {method.getKey().toUpperCase(), path.getKey(), stream ? "stream" : ""});
                    }
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("the OpenAPI document of " + url + " does not read", e);
        }
        return operations;
    }

    private Outcome send(String service, String url, String[] operation, boolean forged) {
        String method = operation[0];
        String template = operation[1];
        // a read that names nothing is the user's right: with a real token it only ever gets hostile names or bodies
        boolean forgedToken = forged || (!template.contains("{") && (method.equals("GET") || method.equals("DELETE")));
        String user = List.copyOf(realTokens.keySet()).get(inputs.random().nextInt(realTokens.size()));
        String authorization =
                forgedToken ? inputs.forgedAuthorization(realTokens.get(user)) : "Bearer " + realTokens.get(user);
        // with a real token every name is hostile; with a forged one the names may be real ones
        String path = fill(template, !forgedToken || inputs.random().nextBoolean());
        String attack = (forgedToken ? "forged token" : "token of " + user) + ", names " + path;
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (method.equals("GET") || method.equals("DELETE")) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] body = inputs.body();
            request.header("Content-Type", inputs.contentType());
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            attack += ", body of " + body.length + " bytes";
        }
        try {
            if (operation[2].isEmpty()) {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Outcome(service, method, path, attack, response.statusCode(), response.body());
            }
            // a stream that opens (200) never ends: the status is the outcome and it is closed at once; a refusal's
            // body is read whole, as any other answer's
            HttpResponse<java.io.InputStream> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                String text = response.statusCode() == 200
                        ? "(a stream, opened)"
                        : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new Outcome(service, method, path, attack, response.statusCode(), text);
            }
        } catch (IOException e) {
            return new Outcome(service, method, path, attack, -1, "no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String fill(String template, boolean allHostile) {
        Matcher matcher = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = allHostile ? inputs.name() : realLooking(matcher.group(1));
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static String realLooking(String parameter) {
        return switch (parameter) {
            case "pipeline" -> "books";
            case "stage" -> "staging";
            case "provider" -> "github";
            default -> "00000000-0000-0000-0000-000000000000";
        };
    }
}
