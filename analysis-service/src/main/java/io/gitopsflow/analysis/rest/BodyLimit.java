package io.gitopsflow.analysis.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body announced larger than {@code quarkus.http.limits.max-body-size} is refused (413) with the reason before any
 * of it is read: Quarkus's own check, one step later, answers the same status with an empty body.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String announced = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (announced != null && exceeds(announced)) {
            context.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end("{\"error\":\"the body is larger than " + limit + " bytes\"}");
            return;
        }
        context.next();
    }

    private boolean exceeds(String announced) {
        try {
            return Long.parseLong(announced.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }
}
