package io.gitopsflow.console.service.notifications;

import io.gitopsflow.console.config.NotificationsConfig;
import io.gitopsflow.console.service.notifications.NotificationRules.Receiver;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * POSTs a notification's body to its receiver with Vert.x's HTTP client (never blocking a thread) and tells what the
 * receiver answered. The receiver's URL is a secret: every error message that leaves here has it replaced by the
 * receiver's name, as the client's own messages may quote the host, path or query.
 */
@ApplicationScoped
public class ReceiverClient {

    /** What a try came to: the receiver's status (null when it did not answer) and, unless 2xx, why it failed. */
    public record Answer(Integer statusCode, String error, Long retryAfterSeconds) {

        public boolean accepted() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private static final int EXCERPT = 200;

    private final HttpClient client;
    private final long timeoutMillis;

    public ReceiverClient(Vertx vertx, NotificationsConfig config) {
        this.timeoutMillis = config.sender().timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(4, config.sender().maxConcurrent()))
                .setVerifyHost(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** POSTs {@code body} to {@code receiver}; never fails: a transport failure is an answer without status. */
    public Uni<Answer> post(Receiver receiver, String contentType, String body, Map<String, String> headers) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(receiver.url().toString())
                .setTimeout(timeoutMillis)
                .setFollowRedirects(false)
                .putHeader("Content-Type", contentType)
                .putHeader("User-Agent", "gitops-flow-console");
        headers.forEach(request::putHeader);
        return Uni.createFrom()
                .completionStage(() -> client.request(request)
                        .compose(sent -> sent.send(Buffer.buffer(body, StandardCharsets.UTF_8.name())))
                        .compose(response -> response.body().map(answer -> answer(response, answer)))
                        .toCompletionStage())
                .map(answer -> answer.error() == null
                        ? answer
                        : new Answer(answer.statusCode(), redact(receiver, answer.error()), answer.retryAfterSeconds()))
                .onFailure()
                .recoverWithItem(failure -> new Answer(null, redact(receiver, describe(failure)), null));
    }

    private static Answer answer(HttpClientResponse response, Buffer body) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer(status, null, null);
        }
        String excerpt =
                body == null ? "" : body.toString(StandardCharsets.UTF_8).strip();
        if (excerpt.length() > EXCERPT) {
            excerpt = excerpt.substring(0, EXCERPT) + "…";
        }
        String error = "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
        return new Answer(status, error, retryAfter(response.getHeader("Retry-After")));
    }

    private static Long retryAfter(String header) {
        try {
            return header == null ? null : Long.valueOf(header.trim());
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the backoff applies
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** {@code text} with every part of the receiver's URL that could carry its secret replaced by its name. */
    static String redact(Receiver receiver, String text) {
        if (text == null) {
            return null;
        }
        String shown = "<" + receiver.name() + ">";
        String redacted = text.replace(receiver.url().toString(), shown);
        String path = receiver.url().getRawPath();
        if (receiver.url().getRawQuery() != null) {
            redacted = redacted.replace(receiver.url().getRawQuery(), shown);
        }
        if (path != null && path.length() > 1) {
            redacted = redacted.replace(path, shown);
        }
        if (receiver.url().getRawUserInfo() != null) {
            redacted = redacted.replace(receiver.url().getRawUserInfo(), shown);
        }
        return redacted.length() > 1000 ? redacted.substring(0, 1000) + "…" : redacted;
    }
}
