package io.gitopsflow.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.local.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a commit's time went, as the console's timeline tells it ({@code GET /timeline/{commit}}): each step, when it
 * happened after the push and the duration the console gives it. What a person sees, beside the benchmark's own clock.
 */
final class ConsoleTimeline {

    private ConsoleTimeline() {}

    /** The steps of {@code commit} up to the first dev verification, one line each. */
    static String of(LocalStack stack, String commit) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url("console") + "/timeline/" + commit))
                .header("Authorization", "Bearer " + stack.users().token("viewer"))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return "  the console answered " + answer.statusCode() + ": " + answer.body() + "\n";
        }
        JsonNode steps = new ObjectMapper().readTree(answer.body()).path("steps");
        StringBuilder lines = new StringBuilder();
        Instant first = null;
        for (JsonNode step : steps) {
            Instant at = Instant.parse(step.path("at").asText());
            first = first == null ? at : first;
            lines.append(String.format(
                    Locale.ROOT,
                    "  +%6d ms  %-28s %-10s %-8s %s%n",
                    Duration.between(first, at).toMillis(),
                    step.path("kind").asText(),
                    step.path("stage").asText(""),
                    step.path("durationMillis").isNull()
                            ? ""
                            : step.path("durationMillis").asText() + " ms",
                    step.path("summary").asText()));
        }
        return lines.toString();
    }
}
