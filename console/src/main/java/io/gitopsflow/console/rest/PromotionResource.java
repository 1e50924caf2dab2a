package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.PromotionDetail;
import io.gitopsflow.console.service.PromotionQueries;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One promotion as the read model knows it, for the Promotion page. Reads over JDBC, so on a worker thread; the
 * actions on a promotion (approve, reject, abort) are {@link PromotionActionResource}'s.
 */
@Path("/promotions/{id}")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queries")
@SecurityRequirement(name = "jwt")
public class PromotionResource {

    private final PromotionQueries promotions;

    public PromotionResource(PromotionQueries promotions) {
        this.promotions = promotions;
    }

    @GET
    @Operation(
            summary = "One promotion: its phases, GitOps writes, decisions, verifications and events",
            description = "Pipeline, stage, Freight and commit; phase and its history; who asked and when; the"
                    + " rollback flag; each GitOps write (status, commit, repository, branch, path, field, previous"
                    + " and new value, pull request, failure reason); approvals and rejections with their comments;"
                    + " each analysis run with its metrics; every event recorded for it, oldest first.")
    @APIResponse(responseCode = "200", description = "The promotion")
    @APIResponse(responseCode = "400", description = "The id is not a promotion id (a UUID)")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "404", description = "The console knows no such promotion")
    public PromotionDetail promotion(@PathParam("id") String id) {
        String promotionId = Names.promotionId(id);
        return promotions
                .detail(promotionId)
                .orElseThrow(() -> new NotFoundException(
                        "promotion " + promotionId + " is not known to the console: no event of it was seen"));
    }
}
