package io.gitopsflow.buildworker.rest;

import io.gitopsflow.buildworker.service.BuildActionException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A request the service refuses answers its status with the reason as JSON, never a 5xx. */
public class RefusedRequests {

    @ServerExceptionMapper
    public Response refused(BuildActionException e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage()))
                .build();
    }
}
