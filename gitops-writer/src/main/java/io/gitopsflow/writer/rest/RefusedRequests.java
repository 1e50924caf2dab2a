package io.gitopsflow.writer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request the HTTP layer refuses (an unknown path, a wrong method or media type, a body that is not the JSON asked
 * for) answers its status with the reason as JSON {@code {"error": ...}}, never an empty body or a stack trace.
 */
public class RefusedRequests {

    private static final int MAX_REASON = 300;

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable); // the JSON reader's refusal, wrapped by Quarkus REST
        }
        int status = e.getResponse().getStatus();
        String reason = switch (status) {
            case 400 -> "the body is not a valid request";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "the answer is application/json only";
            case 415 -> "the body must be JSON: Content-Type application/json";
            default -> e.getMessage();
        };
        return error(status, reason);
    }

    /** A body of the wrong shape: Quarkus's own mapper of this exception answers without a reason. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "...";
        }
        // Jackson's reason names what is wrong; control characters of the body it may quote are dropped
        return error(400, "the body is not a valid request: " + reason.replaceAll("\\p{Cntrl}", " "));
    }

    private static Response error(int status, String reason) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", reason))
                .build();
    }
}
