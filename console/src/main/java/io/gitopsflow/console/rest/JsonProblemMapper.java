package io.gitopsflow.console.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * A body that does not read as the request (broken JSON, a wrong type, an unknown field) answers 400 with Jackson's
 * reason, without the location or the body's content; it is never forwarded to promotion-service.
 */
@Provider
public class JsonProblemMapper implements ExceptionMapper<JsonProcessingException> {

    private static final int MAX_REASON = 300;

    @Override
    public Response toResponse(JsonProcessingException e) {
        return badRequest(e);
    }

    static Response badRequest(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "...";
        }
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "the body is not a valid request: " + Names.printable(reason)))
                .build();
    }

    /** A body of the wrong shape: Quarkus's own mapper of this exception would answer some with no reason. */
    @Provider
    public static class Mismatched
            implements ExceptionMapper<com.fasterxml.jackson.databind.exc.MismatchedInputException> {

        @Override
        public Response toResponse(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            return badRequest(e);
        }
    }
}
