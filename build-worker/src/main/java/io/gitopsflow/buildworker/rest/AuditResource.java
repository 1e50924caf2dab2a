package io.gitopsflow.buildworker.rest;

import io.gitopsflow.buildworker.service.BuildQueries;
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

/** The operator actions (build retries), newest first, for a signed-in user. */
@Path("/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
@SecurityRequirement(name = "jwt")
public class AuditResource {

    private final BuildQueries queries;

    public AuditResource(BuildQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "The operator actions, newest first; of one build with ?build=<id>")
    public Uni<List<AuditView>> list(@QueryParam("build") String build) {
        String target = build == null ? null : BuildResource.buildId(build);
        return queries.audit(target)
                .map(entries -> entries.stream().map(AuditView::of).toList());
    }
}
