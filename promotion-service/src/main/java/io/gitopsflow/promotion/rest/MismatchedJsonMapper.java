package io.gitopsflow.promotion.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body of the wrong shape answers like any unreadable body ({@link JsonProblemMapper}); without it Quarkus's own
 * mapper for this exception answers some of them (trailing content) with no reason.
 */
@Provider
public class MismatchedJsonMapper implements ExceptionMapper<MismatchedInputException> {

    @Override
    public Response toResponse(MismatchedInputException e) {
        return JsonProblemMapper.badRequest(e);
    }
}
