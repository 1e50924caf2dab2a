package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.ActionComment;
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
 * People's decisions on a promotion (approve, reject, abort), passed through to promotion-service with their own
 * token, which checks the reviewer's role and records the decision; its answer comes back unchanged. The console only
 * requires a signed-in user and checks the promotion id and the comment before anything leaves.
 */
@Path("/promotions/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "actions")
@SecurityRequirement(name = "jwt")
public class PromotionActionResource {

    private final PromotionActions promotions;

    public PromotionActionResource(PromotionActions promotions) {
        this.promotions = promotions;
    }

    @POST
    @Path("approve")
    @Operation(summary = "Approve a pending promotion (promotion-service checks the approver's role)")
    public Uni<Response> approve(@PathParam("id") String id, ActionComment comment) {
        return promotions.approve(Names.promotionId(id), checked(comment));
    }

    @POST
    @Path("reject")
    @Operation(summary = "Reject a pending promotion (promotion-service checks the reviewer's role)")
    public Uni<Response> reject(@PathParam("id") String id, ActionComment comment) {
        return promotions.reject(Names.promotionId(id), checked(comment));
    }

    @POST
    @Path("abort")
    @Operation(summary = "Abort a running promotion (passed to promotion-service)")
    public Uni<Response> abort(@PathParam("id") String id, ActionComment comment) {
        return promotions.abort(Names.promotionId(id), checked(comment));
    }

    /** The comment with its text checked; no body is a comment of null. */
    static ActionComment checked(ActionComment comment) {
        return new ActionComment(comment == null ? null : Names.text("comment", comment.comment()));
    }
}
