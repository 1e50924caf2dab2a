package io.gitopsflow.console.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Every refused request answers its status with the reason as JSON {@code {"error": ...}}: a bad name (400), an
 * unknown path (404), a wrong method or media type; never a stack trace.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String reason = switch (status) {
            case 401 -> "sign in: a bearer token is required";
            case 403 -> "your roles do not allow this";
            case 404 ->
                e.getMessage() == null || e.getMessage().startsWith("HTTP 404") ? "no such resource" : e.getMessage();
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "the answer is application/json (or text/event-stream for a stream) only";
            case 415 -> "the body must be JSON: Content-Type application/json";
            default -> e.getMessage();
        };
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", reason))
                .build();
    }
}
