package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.Board;
import io.gitopsflow.console.api.PipelineSummary;
import io.gitopsflow.console.service.BoardService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The pipelines the console knows and each one's board. Reads over JDBC, so on a worker thread. */
@Path("/pipelines")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "board")
@SecurityRequirement(name = "jwt")
public class BoardResource {

    private final BoardService board;

    public BoardResource(BoardService board) {
        this.board = board;
    }

    @GET
    @Operation(
            summary = "Every pipeline the console knows",
            description = "Declared by a pipeline-configured event, or met only in Freight and promotions; each with"
                    + " its Warehouse, stage count and last activity.")
    public List<PipelineSummary> pipelines() {
        return board.pipelines();
    }

    @GET
    @Path("{pipeline}/board")
    @Operation(
            summary = "A pipeline's board: Warehouse and newest Freight, then each stage in pipeline order",
            description = "Each stage with its current Freight, latest promotion, health gate, verification, windows,"
                    + " hold and the promotions waiting for approvals with who approved so far.")
    @APIResponse(responseCode = "200", description = "The board")
    @APIResponse(responseCode = "400", description = "The pipeline name is not a DNS label")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "404", description = "The console knows no such pipeline")
    public Board board(@PathParam("pipeline") String pipeline) {
        String name = Names.dnsLabel("pipeline", pipeline);
        return board.board(name)
                .orElseThrow(
                        () -> new NotFoundException(
                                "pipeline '" + name
                                        + "' is not known to the console: no pipeline-configured, Freight or promotion of it was seen"));
    }
}
