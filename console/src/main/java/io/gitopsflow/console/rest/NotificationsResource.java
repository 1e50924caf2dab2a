package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.NotificationDelivery;
import io.gitopsflow.console.service.notifications.NotificationLog;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The recent notifications (docs/console/notifications.md): what was sent to whom, and what is still retried. */
@Path("/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {

    private static final int MAX_LIMIT = 500;

    private final NotificationLog log;

    public NotificationsResource(NotificationLog log) {
        this.log = log;
    }

    @GET
    @Blocking
    @Operation(
            summary = "Recent notifications and their delivery",
            description = "Newest first: the rule and receiver (by name; a receiver's URL is never shown), the outcome"
                    + " told, the event it was read from, the delivery's status (queued, sending, sent, failed),"
                    + " attempts, the last HTTP status and error, and when it was sent.")
    public List<NotificationDelivery> recent(
            @Parameter(description = "only the notifications of this pipeline") @QueryParam("pipeline") String pipeline,
            @Parameter(description = "how many, at most 500") @QueryParam("limit") @DefaultValue("100") int limit)
            throws SQLException {
        if (pipeline != null) {
            Names.dnsLabel("pipeline", pipeline);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Names.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return log.recent(pipeline, limit);
    }
}
