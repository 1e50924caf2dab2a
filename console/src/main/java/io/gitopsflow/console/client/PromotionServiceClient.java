package io.gitopsflow.console.client;

import io.gitopsflow.console.api.ActionComment;
import io.gitopsflow.console.api.PromoteRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * promotion-service's REST API for people's actions (its {@code PromotionResource}), called with the acting user's own
 * access token ({@link ForwardedToken}), so that promotion-service decides and records who did it. Every answer comes back as a {@link Response}, 4xx included (the
 * default exception mapper is disabled for this client). {@link PromotionService} bounds the wait.
 */
@RegisterRestClient(configKey = "promotion-service")
@RegisterClientHeaders(ForwardedToken.class)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface PromotionServiceClient {

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/promotions")
    Uni<Response> promote(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage, PromoteRequest body);

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/reverify")
    Uni<Response> reverify(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage, ActionComment body);

    @POST
    @Path("promotions/{id}/approve")
    Uni<Response> approve(@PathParam("id") String promotionId, ActionComment body);

    @POST
    @Path("promotions/{id}/reject")
    Uni<Response> reject(@PathParam("id") String promotionId, ActionComment body);

    @POST
    @Path("promotions/{id}/abort")
    Uni<Response> abort(@PathParam("id") String promotionId, ActionComment body);
}
