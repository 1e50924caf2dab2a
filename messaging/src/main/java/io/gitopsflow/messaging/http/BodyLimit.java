package io.gitopsflow.messaging.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body larger than {@code quarkus.http.limits.max-body-size} with 413 and a reason, in every service: one
 * announced larger is refused before any of it is read, one that turns out larger while read (chunked) when Quarkus's
 * own limit stops it. Quarkus's own answer has an empty body, which tells the caller nothing. The connection is closed
 * by the client once it has read the answer (it says {@code Connection: close}).
 */
@ApplicationScoped
public class BodyLimit {

    void install(
            @Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize limit,
            Instance<OversizedBodyAnswer> answers) {
        long max = limit.asLongValue();
        byte[] answer = answers.isResolvable()
                ? answers.get().json(max)
                : ("{\"error\":\"the body is larger than " + max + " bytes (quarkus.http.limits.max-body-size)\"}")
                        .getBytes(StandardCharsets.UTF_8);
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
        // "Connection: close" lets the client close once it has read the answer; closing it here as well would cut
        // a client still sending the body before it reads the answer (a reset it takes for "no answer")
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Buffer.buffer(answer));
    }
}
