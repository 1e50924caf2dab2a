package io.gitopsflow.analysis.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Argo Rollouts' {@code authentication.oauth2} ({@code tokenUrl}, {@code clientId}, {@code clientSecret},
 * {@code scopes}): an OAuth 2.0 client-credentials grant (RFC 6749 §4.4) as Go's golang.org/x/oauth2/clientcredentials
 * makes it — the client authenticates with HTTP Basic, and when the server refuses that, with the credentials in the
 * form; the token is reused until 10 s before it expires and sent as {@code Authorization: Bearer}. The secret is never
 * part of a message.
 */
public final class OAuth2ClientCredentials {

    /** Go's oauth2 expiryDelta: a token this close to its expiry is renewed. */
    static final Duration EXPIRY_DELTA = Duration.ofSeconds(10);

    private record Key(String tokenUrl, String clientId, String clientSecret, List<String> scopes) {}

    private record Token(String value, Instant expires) {}

    private final HttpMeasurements http;
    private final Map<Key, Token> tokens = new ConcurrentHashMap<>();

    public OAuth2ClientCredentials(HttpMeasurements http) {
        this.http = http;
    }

    /** The {@code Authorization} header value for these settings: a cached token or a new one. */
    public Uni<String> authorization(Map<?, ?> oauth2, boolean insecure, Duration timeout) {
        Key key = new Key(
                String.valueOf(oauth2.get("tokenUrl")),
                String.valueOf(oauth2.get("clientId")),
                String.valueOf(oauth2.get("clientSecret")),
                oauth2.get("scopes") instanceof List<?> scopes
                        ? scopes.stream().map(String::valueOf).toList()
                        : List.of());
        Token cached = tokens.get(key);
        if (cached != null && Instant.now().plus(EXPIRY_DELTA).isBefore(cached.expires())) {
            return Uni.createFrom().item("Bearer " + cached.value());
        }
        return request(key, true, insecure, timeout)
                .flatMap(response -> response.statusCode() == 400 || response.statusCode() == 401
                        ? request(key, false, insecure, timeout)
                        : Uni.createFrom().item(response))
                .map(response -> {
                    Token token = token(key, response);
                    tokens.put(key, token);
                    return "Bearer " + token.value();
                });
    }

    private Uni<HttpResponse<String>> request(Key key, boolean basic, boolean insecure, Duration timeout) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (!key.scopes().isEmpty()) {
            form.append("&scope=").append(encode(String.join(" ", key.scopes())));
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(key.tokenUrl())).timeout(timeout);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new MeasurementException("oauth2: tokenUrl is not a URL"));
        }
        if (basic) {
            String pair = encode(key.clientId()) + ":" + encode(key.clientSecret());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(UTF8)));
        } else {
            form.append("&client_id=").append(encode(key.clientId()));
            form.append("&client_secret=").append(encode(key.clientSecret()));
        }
        request.header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        return http.send(request.build(), "oauth2 token endpoint " + key.tokenUrl(), insecure);
    }

    private static Token token(Key key, HttpResponse<String> response) {
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            String body = PrometheusProvider.abbreviate(response.body()).replace(key.clientSecret(), "***");
            throw new MeasurementException(
                    "oauth2: cannot fetch token: " + response.statusCode() + " Response: " + body);
        }
        JsonNode answer;
        try {
            answer = AnswerLimits.JSON.readTree(response.body());
        } catch (Exception e) {
            throw new MeasurementException("oauth2: cannot fetch token: the answer is not JSON");
        }
        String value = answer.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new MeasurementException("oauth2: server response missing access_token");
        }
        long seconds = answer.path("expires_in").asLong(0);
        Instant expires = seconds > 0 ? Instant.now().plusSeconds(seconds) : Instant.MAX;
        return new Token(value, expires);
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    private static String encode(String text) {
        return URLEncoder.encode(text, UTF8);
    }
}
