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
 * People's actions, passed through to promotion-service with their own token: promotion-service decides, checks the
 * roles and records who did what, and its answer comes back unchanged. The console only requires a signed-in user
 * and checks the names before anything leaves (a 400 with the reason); promotion-service away is a 503.
 */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "actions")
@SecurityRequirement(name = "jwt")
public class ActionResource {

    private final PromotionActions promotions;

    public ActionResource(PromotionActions promotions) {
        this.promotions = promotions;
    }

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/promotions")
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
    @Path("pipelines/{pipeline}/stages/{stage}/rollback")
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
    @Path("pipelines/{pipeline}/stages/{stage}/reverify")
    @Operation(summary = "Verify a stage's current Freight again (passed to promotion-service)")
    public Uni<Response> reverify(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage, ActionComment comment) {
        return promotions.reverify(
                Names.dnsLabel("pipeline", pipeline), Names.dnsLabel("stage", stage), checked(comment));
    }

    @POST
    @Path("promotions/{id}/approve")
    @Operation(summary = "Approve a pending promotion (promotion-service checks the approver's role)")
    public Uni<Response> approve(@PathParam("id") String id, ActionComment comment) {
        return promotions.approve(Names.promotionId(id), checked(comment));
    }

    @POST
    @Path("promotions/{id}/reject")
    @Operation(summary = "Reject a pending promotion (promotion-service checks the reviewer's role)")
    public Uni<Response> reject(@PathParam("id") String id, ActionComment comment) {
        return promotions.reject(Names.promotionId(id), checked(comment));
    }

    @POST
    @Path("promotions/{id}/abort")
    @Operation(summary = "Abort a running promotion (passed to promotion-service)")
    public Uni<Response> abort(@PathParam("id") String id, ActionComment comment) {
        return promotions.abort(Names.promotionId(id), checked(comment));
    }

    private static ActionComment checked(ActionComment comment) {
        return new ActionComment(comment == null ? null : Names.text("comment", comment.comment()));
    }
}
