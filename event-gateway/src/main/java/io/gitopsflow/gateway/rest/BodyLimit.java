package io.gitopsflow.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.gateway.service.WebhookOutcome;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body announced larger than {@code quarkus.http.limits.max-body-size} with 413 and a reason, before it is
 * read: Quarkus's own limit answers the same status with an empty body, which tells the provider's operator nothing.
 */
@ApplicationScoped
public class BodyLimit {

    private static final ObjectMapper JSON = new ObjectMapper();

    void install(
            @Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize limit) {
        long max = limit.asLongValue();
        byte[] answer = answer(WebhookOutcome.rejected(
                413,
                "the body is larger than the gateway accepts (" + max + " bytes, quarkus.http.limits.max-body-size);"
                        + " webhooks of such a size are not retried successfully, reduce the payload"));
        router.route()
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(context -> refuseOversized(context, max, answer));
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).failureHandler(context -> {
            if (context.statusCode() == 413 && !context.response().headWritten()) {
                end(context, answer);
            } else {
                context.next();
            }
        });
    }

    private static void refuseOversized(RoutingContext context, long max, byte[] answer) {
        String announced = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = announced == null ? -1 : Long.parseLong(announced.strip());
        } catch (NumberFormatException notANumber) {
            length = -1; // Vert.x answers a malformed Content-Length itself
        }
        if (length > max) {
            end(context, answer);
        } else {
            context.next();
        }
    }

    private static void end(RoutingContext context, byte[] answer) {
        var connection = context.request().connection();
        context.response()
                // the rest of the body is never read: the connection is closed once the answer is out
                .endHandler(done -> connection.close())
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(io.vertx.core.buffer.Buffer.buffer(answer));
    }

    private static byte[] answer(WebhookOutcome outcome) {
        try {
            return JSON.writeValueAsBytes(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
