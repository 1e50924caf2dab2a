package io.gitopsflow.writer.pullrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gitopsflow.events.validation.GitRefNames;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One host's typed REST Client ({@code A}, built at runtime with {@link QuarkusRestClientBuilder} for the configured
 * API URL) and the rules every call shares: the token and media type on every request, redirects never followed (so
 * the token never travels to another host), connect and read timeouts, a retry through SmallRye Fault Tolerance's
 * {@link Guard} on what may pass (connection refused, 429, 502, 503, 504; never a 4xx), and every failure turned into
 * a {@link PullRequestException} whose reason never names the token.
 *
 * @param <A> the host's REST Client interface
 */
final class HostCalls<A> {

    /** Retries after the first try, on a retryable failure only. */
    static final int MAX_RETRIES = 2;

    static final long RETRY_DELAY_MILLIS = 200;
    private static final Set<Integer> RETRY_STATUSES = Set.of(429, 502, 503, 504);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");
    private static final int MAX_DETAIL = 300;

    /** A failure the guard retries; it carries the one callers see when the retries are used up. */
    private static final class Retryable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Retryable(PullRequestException failure) {
            super(failure.getMessage(), failure, false, false);
        }

        PullRequestException failure() {
            return (PullRequestException) getCause();
        }
    }

    private final String provider;
    private final PullRequestSettings settings;
    private final A api;
    private final Guard guard;

    HostCalls(String provider, PullRequestSettings settings, Map<String, String> headers, Class<A> apiType) {
        this.provider = provider;
        this.settings = settings;
        Map<String, String> sent = Map.copyOf(headers);
        long timeout = settings.timeout().toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.apiUrl())
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .disableDefaultMapper(true)
                .register((ClientRequestFilter) request -> {
                    request.getHeaders().putSingle("User-Agent", "gitops-flow");
                    sent.forEach((name, value) -> request.getHeaders().putSingle(name, value));
                })
                .build(apiType);
        this.guard = Guard.create()
                .withDescription(provider + " pull requests")
                .withRetry()
                .maxRetries(MAX_RETRIES)
                .delay(RETRY_DELAY_MILLIS, ChronoUnit.MILLIS)
                .jitter(RETRY_DELAY_MILLIS / 2, ChronoUnit.MILLIS)
                .retryOn(Retryable.class)
                .done()
                .build();
    }

    /**
     * Makes one call through the host's client, retried while it fails in a way that may pass, and answers the parsed
     * JSON body.
     *
     * @param action what the call does, for the reason of a failure, e.g. "list the open pull requests of acme/gitops"
     */
    JsonNode call(Function<A, Response> request, String action) {
        try {
            return guard.get(() -> once(request, action), JsonNode.class);
        } catch (Retryable e) {
            throw e.failure();
        }
    }

    private JsonNode once(Function<A, Response> request, String action) {
        Response response;
        try {
            response = request.apply(api);
        } catch (RuntimeException e) {
            PullRequestException failure = new PullRequestException(0, provider + ": cannot " + action + ": " + why(e));
            throw connectFailure(e) ? new Retryable(failure) : failure;
        }
        try (response) {
            int status = response.getStatus();
            String text = response.hasEntity() ? response.readEntity(String.class) : null;
            if (status < 200 || status >= 300) {
                PullRequestException failure = new PullRequestException(
                        status, provider + ": cannot " + action + ": " + describe(status, text));
                throw RETRY_STATUSES.contains(status) ? new Retryable(failure) : failure;
            }
            return parse(text, status, action);
        }
    }

    private JsonNode parse(String text, int status, String action) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PullRequestException(status, provider + ": cannot " + action + ": the answer is not JSON");
        }
    }

    /** Whether no connection was made (refused, or no answer to the connect): nothing reached the host. */
    private static boolean connectFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's type and message: the client wraps the transport's failure. */
    private String why(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : " " + root.getMessage();
        return scrub(root.getClass().getSimpleName() + message);
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

    private String describe(int status, String body) {
        String detail = detail(body);
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
