package io.gitopsflow.promotion.rest;

import io.gitopsflow.promotion.api.PromotionSummary;
import io.gitopsflow.promotion.api.PromotionView;
import io.gitopsflow.promotion.service.PromotionCommands;
import io.gitopsflow.promotion.service.PromotionException;
import io.gitopsflow.promotion.service.PromotionReviews;
import io.gitopsflow.promotion.service.QueryService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Promote, approve, reject, abort and reverify: every action by an authenticated user, recorded in the audit. */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "promotions")
@SecurityRequirement(name = "jwt")
public class PromotionResource {

    private final PromotionCommands commands;
    private final PromotionReviews reviews;
    private final QueryService queries;
    private final SecurityIdentity identity;

    public PromotionResource(
            PromotionCommands commands, PromotionReviews reviews, QueryService queries, SecurityIdentity identity) {
        this.commands = commands;
        this.reviews = reviews;
        this.queries = queries;
        this.identity = identity;
    }

    /**
     * A promotion request.
     *
     * @param freight the Freight's id or its alias (adjective-animal)
     * @param reason why (recorded)
     * @param overrideWindow promote although a promotion window blocks it (needs the override role; recorded)
     */
    public record PromoteRequest(String freight, String reason, boolean overrideWindow) {}

    /**
     * A decision's or an action's comment.
     *
     * @param comment why (recorded)
     */
    public record Comment(String comment) {}

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/promotions")
    @Operation(
            summary = "Promote a Freight, named by its id or alias, into a stage (an older one than the newest is a"
                    + " rollback: it holds auto-promotion)")
    public Uni<Response> promote(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage, PromoteRequest request) {
        if (request == null) {
            throw PromotionException.badRequest("the body must name the freight to promote");
        }
        return commands.promote(
                        Names.dnsLabel("pipeline", pipeline),
                        Names.dnsLabel("stage", stage),
                        Names.freight(request.freight()),
                        Actors.of(identity),
                        Names.text("reason", request.reason()),
                        request.overrideWindow())
                .chain(queries::promotion)
                .map(view ->
                        Response.status(Response.Status.CREATED).entity(view).build());
    }

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/reverify")
    @Operation(summary = "Verify the stage's current Freight again")
    public Uni<PromotionSummary> reverify(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage, Comment comment) {
        return commands.reverify(
                Names.dnsLabel("pipeline", pipeline),
                Names.dnsLabel("stage", stage),
                Actors.of(identity),
                comment == null ? null : Names.text("comment", comment.comment()));
    }

    @GET
    @Path("promotions/{id}")
    @Operation(summary = "A promotion with its writes and approvals")
    public Uni<PromotionView> promotion(@PathParam("id") String id) {
        return queries.promotion(Names.promotionId(id));
    }

    @POST
    @Path("promotions/{id}/approve")
    @Operation(summary = "Approve a pending promotion (the stage's role; not the requester; once per approver)")
    public Uni<PromotionView> approve(@PathParam("id") String id, Comment comment) {
        return reviews.approve(Names.promotionId(id), Actors.of(identity), comment(comment))
                .chain(queries::promotion);
    }

    @POST
    @Path("promotions/{id}/reject")
    @Operation(
            summary = "Reject a pending promotion (the stage's role; not the requester): it ends REJECTED, writes"
                    + " nothing, and auto-promotion does not offer that Freight to the stage again")
    public Uni<PromotionView> reject(@PathParam("id") String id, Comment comment) {
        return reviews.reject(Names.promotionId(id), Actors.of(identity), comment(comment))
                .chain(queries::promotion);
    }

    @POST
    @Path("promotions/{id}/abort")
    @Operation(summary = "Abort a running promotion")
    public Uni<PromotionView> abort(@PathParam("id") String id, Comment comment) {
        return commands.abort(Names.promotionId(id), Actors.of(identity), comment(comment))
                .chain(queries::promotion);
    }

    private static String comment(Comment comment) {
        return comment == null ? null : Names.text("comment", comment.comment());
    }
}
