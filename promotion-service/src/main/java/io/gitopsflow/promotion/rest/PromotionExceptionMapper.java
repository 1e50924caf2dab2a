package io.gitopsflow.promotion.rest;

import io.gitopsflow.promotion.service.PromotionException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** A refused request answers its status with the reason, as JSON. */
@Provider
public class PromotionExceptionMapper implements ExceptionMapper<PromotionException> {

    @Override
    public Response toResponse(PromotionException e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage()))
                .build();
    }
}
