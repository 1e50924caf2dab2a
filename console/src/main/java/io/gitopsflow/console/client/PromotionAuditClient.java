package io.gitopsflow.console.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * promotion-service's audit trail ({@code GET /audit}, its {@code PipelineResource}), read with the signed-in user's
 * token ({@link ForwardedToken}); the answer comes back as a {@link Response}, 4xx included.
 */
@RegisterRestClient(configKey = "promotion-service")
@RegisterClientHeaders(ForwardedToken.class)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface PromotionAuditClient {

    @GET
    @Path("audit")
    Response ofPromotion(@QueryParam("promotion") String promotionId);
}
