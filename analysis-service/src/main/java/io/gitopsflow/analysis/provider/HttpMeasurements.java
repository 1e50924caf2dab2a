package io.gitopsflow.analysis.provider;

import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * The one non-blocking HTTP client the providers share (answers limited by {@link AnswerLimits}), and its failures
 * turned into measurement errors.
 */
public final class HttpMeasurements {

    /**
     * The clients, made once per JVM when first used: each provider bean (and its CDI client proxy) constructs a
     * {@code HttpMeasurements}, and every JDK {@link HttpClient} keeps a selector thread and its buffers.
     */
    private static final class Clients {
        static final HttpClient VERIFYING = builder().build();
    }

    /** The client that does not verify the server's certificate, made only when a template asks for it. */
    private static final class InsecureClients {
        static final HttpClient INSECURE =
                builder().sslContext(InsecureTls.context()).build();
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL);
    }

    /** As {@link #send(HttpRequest, String)}; with {@code insecure}, the server's certificate is not verified. */
    public Uni<HttpResponse<String>> send(HttpRequest request, String what, boolean insecure) {
        return send(insecure ? InsecureClients.INSECURE : Clients.VERIFYING, request, what);
    }

    /** Sends {@code request} without blocking; a failure is a {@link MeasurementException} naming {@code what}. */
    public Uni<HttpResponse<String>> send(HttpRequest request, String what) {
        return send(Clients.VERIFYING, request, what);
    }

    private static Uni<HttpResponse<String>> send(HttpClient client, HttpRequest request, String what) {
        return Uni.createFrom()
                .completionStage(() -> client.sendAsync(request, AnswerLimits.body()))
                .onFailure()
                .transform(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof MeasurementException refused) {
                        return new MeasurementException(what + ": " + refused.getMessage(), refused);
                    }
                    if (cause instanceof HttpTimeoutException) {
                        return new MeasurementException(
                                what + " did not answer within "
                                        + request.timeout()
                                                .map(Duration::toSeconds)
                                                .orElse(0L) + " s",
                                cause);
                    }
                    if (cause instanceof javax.net.ssl.SSLException) {
                        return new MeasurementException(
                                what + ": TLS failed (" + cause.getMessage() + "); Argo's"
                                        + " insecure: true skips the certificate check",
                                cause);
                    }
                    if (cause instanceof ConnectException) {
                        return new MeasurementException(what + " is unreachable (" + request.uri() + ")", cause);
                    }
                    return new MeasurementException(what + " failed: " + cause, cause);
                });
    }
}
