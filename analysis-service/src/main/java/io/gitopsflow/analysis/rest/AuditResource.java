package io.gitopsflow.analysis.rest;

import io.gitopsflow.analysis.service.AuditLog;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log of operator actions (who terminated which run, when), for any signed-in user. */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "audit")
@SecurityRequirement(name = "jwt")
public class AuditResource {

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Operator actions, newest first, optionally on one run (target) or by one actor")
    public Uni<List<AuditLog.Entry>> list(
            @QueryParam("target") String target,
            @QueryParam("actor") String actor,
            @QueryParam("limit") Integer limit) {
        return audit.query(
                Inputs.optionalId("target", target),
                Inputs.optionalText("actor", actor),
                Inputs.limit(limit, 100, 500));
    }
}
