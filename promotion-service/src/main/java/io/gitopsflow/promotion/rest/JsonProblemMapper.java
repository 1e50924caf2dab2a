package io.gitopsflow.promotion.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * A body that does not read as the request (broken JSON, a duplicate key, a wrong type, an unknown field, too deep or
 * too long) answers 400 with Jackson's reason, without the location or the body's content.
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
                .entity(Map.of("error", "the body is not a valid request: " + reason))
                .build();
    }
}
