package io.gitopsflow.analysis.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.gitopsflow.spec.analysis.provider.ProviderSettings;
import io.gitopsflow.spec.analysis.provider.WebSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Argo Rollouts' {@code web} provider: an HTTP request ({@code url}, {@code method} GET/POST/PUT, {@code headers},
 * {@code body} text or {@code jsonBody} object, {@code timeoutSeconds} default 10); a non-2xx answer is an error; the
 * result is the value {@code jsonPath} picks ({@code {$.data.ok}} as Argo writes it, or {@code $.data.ok}), or the
 * whole JSON body without one; of a wildcard's matches the first, as Argo's getValue; a body that is not JSON is the
 * result as text. {@code insecure: true} skips the certificate check; {@code authentication.oauth2} gets a
 * client-credentials token first ({@link OAuth2ClientCredentials}). JSON numbers are floats, as Go reads them.
 */
@ApplicationScoped
public class WebProvider implements MetricProvider {

    private static final WebSettings SETTINGS_CHECK = new WebSettings();
    static final long DEFAULT_TIMEOUT_SECONDS = 10;

    private static final ObjectMapper JSON = AnswerLimits.JSON;
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(JSON))
            .mappingProvider(new JacksonMappingProvider(JSON))
            .options(EnumSet.noneOf(Option.class))
            .build();

    private final HttpMeasurements http;
    private final OAuth2ClientCredentials oauth2;

    public WebProvider() {
        this(new HttpMeasurements());
    }

    WebProvider(HttpMeasurements http) {
        this.http = http;
        this.oauth2 = new OAuth2ClientCredentials(http);
    }

    @Override
    public String name() {
        return "web";
    }

    @Override
    public List<Problem> validate(Map<String, Object> config) {
        return SETTINGS_CHECK.validate(config);
    }

    @Override
    public Uni<Object> measure(Map<String, Object> config) {
        String url = ProviderSettings.text(config, "url", "");
        String method = ProviderSettings.text(config, "method", "GET").toUpperCase(Locale.ROOT);
        Duration timeout =
                Duration.ofSeconds(ProviderSettings.seconds(config, "timeoutSeconds", DEFAULT_TIMEOUT_SECONDS));
        String body = ProviderSettings.text(config, "body", null);
        HttpRequest.Builder request;
        try {
            if (config.get("jsonBody") != null) {
                body = JSON.writeValueAsString(config.get("jsonBody"));
            }
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return Uni.createFrom()
                    .failure(new MeasurementException("cannot build the request to '" + url + "': " + e.getMessage()));
        }
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        request.method(method, publisher);
        if (config.get("jsonBody") != null) {
            request.header("Content-Type", "application/json");
        }
        ProviderSettings.headers(config).forEach(request::header);
        String jsonPath = ProviderSettings.text(config, "jsonPath", null);
        boolean insecure = Boolean.TRUE.equals(config.get("insecure"));
        Map<?, ?> token = ProviderSettings.authentication(config, "oauth2");
        Uni<HttpRequest.Builder> authorized = token == null
                ? Uni.createFrom().item(request)
                : oauth2.authorization(token, insecure, timeout).map(value -> request.header("Authorization", value));
        return authorized
                .flatMap(ready -> http.send(ready.build(), method + " " + url, insecure))
                .map(response -> result(response, jsonPath));
    }

    static Object result(HttpResponse<String> response, String jsonPath) {
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new MeasurementException("received non 2xx response code: " + response.statusCode() + " ("
                    + PrometheusProvider.abbreviate(response.body()) + ")");
        }
        Object document;
        try {
            document = JSON.readValue(response.body(), Object.class);
        } catch (JsonProcessingException e) {
            String trimmed = response.body().strip();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                // JSON past the limits (depth, sizes) or with a key twice: refused, not taken as text
                throw new MeasurementException("the answer is refused as JSON: " + e.getOriginalMessage());
            }
            // Argo's parseResponse: a body that is not JSON is the result, as text, whatever jsonPath says
            return response.body();
        }
        if (jsonPath == null) {
            return goNumbers(document);
        }
        Object found;
        try {
            found = JsonPath.using(JSON_PATH).parse(document).read(WebSettings.jsonPath(jsonPath));
        } catch (PathNotFoundException e) {
            throw new MeasurementException(
                    "jsonPath " + jsonPath + " matches nothing in the answer: " + e.getMessage());
        }
        if (!JsonPath.isPathDefinite(WebSettings.jsonPath(jsonPath))) {
            // Argo's getValue: of the matches of a wildcard, filter or deep scan, the first one
            if (!(found instanceof List<?> matches) || matches.isEmpty()) {
                throw new MeasurementException("result of web metric produced no value (jsonPath " + jsonPath + ")");
            }
            found = matches.get(0);
        }
        return goNumbers(found);
    }

    /** Go's encoding/json reads every JSON number as a float64: so does Argo's web provider, so do we. */
    static Object goNumbers(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, goNumbers(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(goNumbers(v)));
            return copy;
        }
        return value;
    }
}
