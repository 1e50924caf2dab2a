package io.gitopsflow.promotion.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** A request the HTTP layer refuses (unknown path, method, media type) answers its status with the reason as JSON. */
@Provider
public class HttpProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String reason = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "the answer is application/json only";
            case 415 -> "the body must be JSON: Content-Type application/json";
            default -> e.getMessage();
        };
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", reason))
                .build();
    }
}
