package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.DoraReport;
import io.gitopsflow.console.service.DoraService;
import io.gitopsflow.console.service.DoraWindow;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A pipeline's DORA metrics over a window, computed from the read model when asked. Reads over JDBC: a worker. */
@Path("/pipelines/{pipeline}/dora")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dora")
@SecurityRequirement(name = "jwt")
public class DoraResource {

    private final DoraService dora;

    public DoraResource(DoraService dora) {
        this.dora = dora;
    }

    @GET
    @Operation(
            summary = "A pipeline's DORA metrics over the last 7, 30 or 90 days, for the pipeline and each stage",
            description = "Deployment frequency, lead time for changes (p50, p90), change failure rate and time to"
                    + " restore; the pipeline's figures are its last stages'. docs/console/dora.md defines each.")
    @APIResponse(responseCode = "200", description = "The metrics")
    @APIResponse(responseCode = "400", description = "The pipeline is not a DNS label, or the window not 7d/30d/90d")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "404", description = "The console knows no such pipeline")
    public DoraReport dora(@PathParam("pipeline") String pipeline, @QueryParam("window") String window) {
        String name = Names.dnsLabel("pipeline", pipeline);
        DoraWindow over = window == null
                ? DoraWindow.DEFAULT
                : DoraWindow.of(window)
                        .orElseThrow(() -> Names.badRequest(
                                "window '" + Names.printable(window) + "' is not one of 7d, 30d, 90d"));
        return dora.report(name, over)
                .orElseThrow(() -> new NotFoundException("pipeline '" + name
                        + "' is not known to the console: no pipeline-configured event or promotion of it was seen"));
    }
}
