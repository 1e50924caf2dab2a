package io.gitopsflow.console.rest;

import io.gitopsflow.console.service.ReadModelUnavailableException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * A read that failed because the database is away answers 503 (try again), with a reason that names no table or
 * query; the cause goes to the log.
 */
@Provider
public class ReadModelUnavailableMapper implements ExceptionMapper<ReadModelUnavailableException> {

    @Override
    public Response toResponse(ReadModelUnavailableException e) {
        Log.warnf(e.getCause(), "a read of the read model failed");
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "the read model cannot be read now; try again"))
                .build();
    }
}
