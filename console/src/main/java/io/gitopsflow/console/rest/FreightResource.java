package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.FreightList;
import io.gitopsflow.console.service.FreightQueries;
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

/** A pipeline's Freight, newest first, each with its state in every stage. Reads over JDBC, so on a worker thread. */
@Path("/pipelines/{pipeline}/freight")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queries")
@SecurityRequirement(name = "jwt")
public class FreightResource {

    private final FreightQueries freight;

    public FreightResource(FreightQueries freight) {
        this.freight = freight;
    }

    @GET
    @Operation(
            summary = "A pipeline's Freight, newest first, a page at a time",
            description = "Each Freight with its artifacts (images, Helm charts, Git commits), commit (message and"
                    + " author when the push was seen) and its"
                    + " state in every stage in pipeline order: the stage's latest promotion of it (phase,"
                    + " verification), whether it runs there, whether it is older than what runs there (promoting"
                    + " it would be a rollback). nextCursor is the before value of the next page.")
    @APIResponse(responseCode = "200", description = "A page of Freight")
    @APIResponse(
            responseCode = "400",
            description = "The pipeline name is not a DNS label, the limit is not 1 to 200, or the cursor is not one"
                    + " this console gave")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "404", description = "The console knows no such pipeline")
    public FreightList freight(
            @PathParam("pipeline") String pipeline,
            @Parameter(description = "Page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("before") String before) {
        String name = Names.dnsLabel("pipeline", pipeline);
        int size = Names.limit(limit, 50, FreightQueries.MAX_LIMIT);
        return freight.page(name, Names.cursor(before), size)
                .orElseThrow(
                        () -> new NotFoundException(
                                "pipeline '" + name
                                        + "' is not known to the console: no pipeline-configured, Freight or promotion of it was seen"));
    }
}
