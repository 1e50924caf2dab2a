package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.PromotionList;
import io.gitopsflow.console.service.PromotionQueries;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A pipeline's promotions, newest first, optionally of one stage. Reads over JDBC, so on a worker thread. */
@Path("/pipelines/{pipeline}/promotions")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queries")
@SecurityRequirement(name = "jwt")
public class PipelinePromotionsResource {

    private final PromotionQueries promotions;

    public PipelinePromotionsResource(PromotionQueries promotions) {
        this.promotions = promotions;
    }

    @GET
    @Operation(
            summary = "A pipeline's promotions, newest first, a page at a time",
            description = "Each with its stage, phase, Freight (id, alias), who asked for it and when, rollback flag"
                    + " and reason. nextCursor is the before value of the next page.")
    @APIResponse(responseCode = "200", description = "A page of promotions")
    @APIResponse(
            responseCode = "400",
            description = "The pipeline or stage is not a DNS label, the limit is not 1 to 200, or the cursor is not"
                    + " one this console gave")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "404", description = "The console knows no such pipeline")
    public PromotionList promotions(
            @PathParam("pipeline") String pipeline,
            @Parameter(description = "Only this stage's promotions") @QueryParam("stage") String stage,
            @Parameter(description = "Page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("before") String before) {
        String name = Names.dnsLabel("pipeline", pipeline);
        String stageName = stage == null ? null : Names.dnsLabel("stage", stage);
        int size = Names.limit(limit, 50, PromotionQueries.MAX_LIMIT);
        return promotions
                .page(name, stageName, Names.cursor(before), size)
                .orElseThrow(
                        () -> new NotFoundException(
                                "pipeline '" + name
                                        + "' is not known to the console: no pipeline-configured, Freight or promotion of it was seen"));
    }
}
