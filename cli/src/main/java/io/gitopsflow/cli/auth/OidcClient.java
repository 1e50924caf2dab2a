package io.gitopsflow.cli.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.gitopsflow.cli.CliException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The few requests the CLI makes to an OpenID Connect provider: discovery, the device authorization request, and the
 * token endpoint's device-code and refresh-token grants, as the form posts RFC 6749 and RFC 8628 define, over the JDK's
 * HTTP client (no CDI, so it works the same in a test as in the command). The CLI is a public client: no secret is
 * sent. A provider that cannot be reached, or answers what is not OAuth, is a {@link CliException} naming the provider
 * — never a token.
 */
public final class OidcClient {

    /** The provider's discovery document, relative to its issuer (OpenID Connect Discovery 1.0 §4). */
    static final String DISCOVERY = "/.well-known/openid-configuration";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpClient http;

    public OidcClient() {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The provider's endpoints, from the discovery document of {@code issuer}, which must name itself that issuer. */
    public ProviderEndpoints discover(URI issuer) {
        String base = issuer.toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + DISCOVERY))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = send(request, base);
        if (response.statusCode() != 200) {
            throw new CliException("no OpenID Connect provider at " + base + ": " + base + DISCOVERY + " answered "
                    + response.statusCode() + " (is --issuer the issuer URL, e.g. https://keycloak.example.com/realms/"
                    + "<realm>?)");
        }
        Discovery document = read(response.body(), Discovery.class, base);
        // the issuer its tokens carry, which some providers write with a trailing slash
        if (document.issuer() == null || !base.equals(document.issuer().replaceAll("/+$", ""))) {
            throw new CliException("the provider at " + base + " names itself " + document.issuer()
                    + ": pass that as --issuer (its tokens carry it)");
        }
        if (document.tokenEndpoint() == null) {
            throw new CliException("the provider at " + base + " names no token endpoint");
        }
        return new ProviderEndpoints(
                URI.create(document.issuer()),
                document.deviceAuthorizationEndpoint() == null
                        ? null
                        : URI.create(document.deviceAuthorizationEndpoint()),
                URI.create(document.tokenEndpoint()));
    }

    /** Asks for a device code and a user code (RFC 8628 §3.1) for {@code clientId}, with {@code scope}. */
    public DeviceAuthorization authorizeDevice(ProviderEndpoints provider, String clientId, String scope) {
        if (provider.deviceAuthorization() == null) {
            throw new CliException("the provider at " + provider.issuer()
                    + " does not offer the device authorization grant (no device_authorization_endpoint)");
        }
        HttpResponse<String> response =
                post(provider.deviceAuthorization(), form("client_id", clientId, "scope", scope), provider);
        if (response.statusCode() != 200) {
            TokenAnswer refusal = readAnswer(response, provider);
            throw new CliException("the provider at " + provider.issuer() + " refused a device code for client '"
                    + clientId + "': " + refusal.reason());
        }
        DeviceAuthorization answer = read(response.body(), DeviceAuthorization.class, provider.issuer());
        if (answer.deviceCode() == null || answer.userCode() == null || answer.verificationUri() == null) {
            throw new CliException("the provider at " + provider.issuer()
                    + " answered the device authorization request without a device code, user code or verification"
                    + " URI");
        }
        return answer;
    }

    /** One poll of the token endpoint with the device code (RFC 8628 §3.4): tokens, or why not yet / not at all. */
    public TokenAnswer deviceToken(ProviderEndpoints provider, String clientId, String deviceCode) {
        return token(
                provider,
                form(
                        "grant_type",
                        "urn:ietf:params:oauth:grant-type:device_code",
                        "device_code",
                        deviceCode,
                        "client_id",
                        clientId));
    }

    /** Exchanges a refresh token for a new access token (RFC 6749 §6). */
    public TokenAnswer refresh(ProviderEndpoints provider, String clientId, String refreshToken) {
        return token(
                provider, form("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
    }

    private TokenAnswer token(ProviderEndpoints provider, Map<String, String> form) {
        return readAnswer(post(provider.token(), form, provider), provider);
    }

    /** A token endpoint's answer: tokens on a 2xx, the OAuth error of a 4xx; anything else is the provider's fault. */
    private static TokenAnswer readAnswer(HttpResponse<String> response, ProviderEndpoints provider) {
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if ((status >= 200 && status < 300) || (status >= 400 && status < 500 && type.contains("json"))) {
            TokenAnswer answer = read(response.body(), TokenAnswer.class, provider.issuer());
            if (status < 300 || answer.error() != null) {
                return answer;
            }
        }
        throw new CliException("the provider at " + provider.issuer() + " answered " + status + " to "
                + response.request().uri());
    }

    private HttpResponse<String> post(URI endpoint, Map<String, String> form, ProviderEndpoints provider) {
        String body = form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request, provider.issuer().toString());
    }

    private HttpResponse<String> send(HttpRequest request, String provider) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("cannot reach the OpenID Connect provider at " + provider + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for the provider at " + provider);
        }
    }

    private static <T> T read(String body, Class<T> type, Object provider) {
        try {
            return JSON.readValue(body, type);
        } catch (JacksonException e) {
            // not the parser's message: it may quote the body, and a body may hold a token
            throw new CliException("the provider at " + provider + " answered what is not the OAuth JSON expected");
        }
    }

    private static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /** The part of the discovery document the CLI reads. */
    record Discovery(String issuer, String deviceAuthorizationEndpoint, String tokenEndpoint) {}
}
