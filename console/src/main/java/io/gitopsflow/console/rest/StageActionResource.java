package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.ActionComment;
import io.gitopsflow.console.api.PromoteRequest;
import io.gitopsflow.console.api.RollbackRequest;
import io.gitopsflow.console.service.PromotionActions;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * People's actions on a stage (promote, roll back, reverify), passed through to promotion-service with their own
 * token: promotion-service decides, checks the roles and records who did what, and its answer comes back unchanged.
 * The console only requires a signed-in user and checks the names before anything leaves (a 400 with the reason);
 * promotion-service away is a 503. Its own class path, so that the board's {@code /pipelines} resource does not take
 * its requests.
 */
@Path("/pipelines/{pipeline}/stages/{stage}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "actions")
@SecurityRequirement(name = "jwt")
public class StageActionResource {

    private final PromotionActions promotions;

    public StageActionResource(PromotionActions promotions) {
        this.promotions = promotions;
    }

    @POST
    @Path("promotions")
    @Operation(summary = "Promote a Freight into a stage (promotion-service decides; its answer is passed back)")
    public Uni<Response> promote(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage, PromoteRequest request) {
        if (request == null) {
            throw Names.badRequest("the body must name the freight to promote");
        }
        return promotions.promote(
                Names.dnsLabel("pipeline", pipeline),
                Names.dnsLabel("stage", stage),
                new PromoteRequest(
                        Names.freight(request.freight()),
                        Names.text("reason", request.reason()),
                        request.overrideWindow()));
    }

    @POST
    @Path("rollback")
    @Operation(
            summary = "Roll a stage back to an older Freight: promotion-service's promotion of it, recorded as a"
                    + " rollback (it holds auto-promotion)")
    public Uni<Response> rollback(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage, RollbackRequest request) {
        if (request == null) {
            throw Names.badRequest("the body must name the freight to roll back to");
        }
        return promotions.rollback(
                Names.dnsLabel("pipeline", pipeline),
                Names.dnsLabel("stage", stage),
                new RollbackRequest(Names.freight(request.freight()), Names.text("reason", request.reason())));
    }

    @POST
    @Path("reverify")
    @Operation(summary = "Verify a stage's current Freight again (passed to promotion-service)")
    public Uni<Response> reverify(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage, ActionComment comment) {
        return promotions.reverify(
                Names.dnsLabel("pipeline", pipeline),
                Names.dnsLabel("stage", stage),
                PromotionActionResource.checked(comment));
    }
}
