package io.gitopsflow.analysis.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.spec.analysis.Durations;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.provider.PrometheusSettings;
import io.gitopsflow.spec.analysis.provider.ProviderSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Argo Rollouts' {@code prometheus} provider against the Prometheus HTTP API: an instant query
 * ({@code /api/v1/query}) or, with {@code rangeQuery}, a range query ({@code /api/v1/query_range}). The result is what
 * Argo gives conditions: a vector is a list of its sample values ({@code result[0]}), a scalar a number, a matrix one
 * flat list of every series' values (so {@code all(result, # < 1000)} reads a range query), a string an error. Settings: {@code address}, {@code query}, {@code timeout} (seconds, default 30),
 * {@code headers}, {@code insecure}, {@code authentication} ({@code oauth2} or {@code basicAuth}; {@code sigv4} is
 * refused), {@code rangeQuery: {start, end, step}} where start and end are expressions such as
 * {@code now() - duration('10m')}.
 */
@ApplicationScoped
public class PrometheusProvider implements MetricProvider {

    static final long DEFAULT_TIMEOUT_SECONDS = 30;

    private static final ObjectMapper JSON = AnswerLimits.JSON;

    private final HttpMeasurements http;
    private final ConditionEvaluator expressions;
    private final OAuth2ClientCredentials oauth2;
    private final PrometheusSettings settings;

    public PrometheusProvider() {
        this(new HttpMeasurements(), new ConditionEvaluator());
    }

    PrometheusProvider(HttpMeasurements http, ConditionEvaluator expressions) {
        this.http = http;
        this.expressions = expressions;
        this.oauth2 = new OAuth2ClientCredentials(http);
        this.settings = new PrometheusSettings(expressions);
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public List<Problem> validate(Map<String, Object> config) {
        return settings.validate(config);
    }

    @Override
    public Uni<Object> measure(Map<String, Object> config) {
        String address = ProviderSettings.text(config, "address", "").replaceAll("/+$", "");
        String query = ProviderSettings.text(config, "query", "");
        Duration timeout = Duration.ofSeconds(ProviderSettings.seconds(config, "timeout", DEFAULT_TIMEOUT_SECONDS));
        StringBuilder form = new StringBuilder("query=").append(encode(query));
        String endpoint = "/api/v1/query";
        if (config.get("rangeQuery") instanceof Map<?, ?> range) {
            endpoint = "/api/v1/query_range";
            double start = expressions.number(String.valueOf(range.get("start")));
            double end = expressions.number(String.valueOf(range.get("end")));
            Duration step = Durations.parse(String.valueOf(range.get("step")));
            form.append("&start=").append(start).append("&end=").append(end);
            form.append("&step=").append(step.toMillis() / 1000.0);
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(address + endpoint))
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new MeasurementException("address '" + address + "' is not a URL"));
        }
        ProviderSettings.headers(config).forEach(request::header);
        boolean insecure = Boolean.TRUE.equals(config.get("insecure"));
        return authorized(request, config, insecure, timeout)
                .flatMap(ready -> http.send(ready.build(), "Prometheus at " + address, insecure))
                .map(PrometheusProvider::result);
    }

    /** Argo's prometheus {@code authentication}: a token of {@code oauth2}, or {@code basicAuth}'s credentials. */
    private Uni<HttpRequest.Builder> authorized(
            HttpRequest.Builder request, Map<String, Object> config, boolean insecure, Duration timeout) {
        Map<?, ?> basic = ProviderSettings.authentication(config, "basicAuth");
        if (basic != null) {
            String credentials = basic.get("username") + ":" + basic.get("password");
            return Uni.createFrom()
                    .item(request.header(
                            "Authorization",
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
        }
        Map<?, ?> token = ProviderSettings.authentication(config, "oauth2");
        return token == null
                ? Uni.createFrom().item(request)
                : oauth2.authorization(token, insecure, timeout).map(value -> request.header("Authorization", value));
    }

    /** Argo's reading of a Prometheus answer; an error answer is a failure with Prometheus' own message. */
    static Object result(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new MeasurementException("Prometheus' answer is refused: " + e.getOriginalMessage());
        } catch (Exception e) {
            throw new MeasurementException("Prometheus answered HTTP " + response.statusCode() + " with a body that is "
                    + "not JSON: " + abbreviate(response.body()));
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new MeasurementException("Prometheus refused the query (HTTP " + response.statusCode() + ", "
                    + body.path("errorType").asText("error") + "): "
                    + body.path("error").asText(abbreviate(response.body())));
        }
        JsonNode data = body.path("data");
        JsonNode result = data.path("result");
        return switch (data.path("resultType").asText()) {
            case "vector" -> {
                List<Double> values = new ArrayList<>();
                result.forEach(sample -> values.add(number(sample.path("value").path(1))));
                yield values;
            }
            case "scalar" -> number(result.path(1));
            case "matrix" -> {
                // Argo's processResponse: every series' samples, one flat list, in the answer's order
                List<Double> values = new ArrayList<>();
                result.forEach(series -> series.path("values").forEach(point -> values.add(number(point.path(1)))));
                yield values;
            }
            case "string" ->
                throw new MeasurementException("Prometheus metric type not supported (a string result;"
                        + " Argo measures vectors, matrices and scalars)");
            default ->
                throw new MeasurementException("Prometheus answered an unknown result type '"
                        + data.path("resultType").asText() + "'");
        };
    }

    /** Prometheus writes sample values as text, including NaN and ±Inf. */
    private static double number(JsonNode value) {
        String text = value.asText();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
