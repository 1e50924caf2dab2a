package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.ReplayReport;
import io.gitopsflow.console.service.ReadModelSchema;
import io.gitopsflow.console.service.Replay;
import io.gitopsflow.console.service.ReplayRefused;
import io.gitopsflow.console.service.ReplayResult;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rebuilds the read model from the topics into a new schema (docs/console/replay.md): an administrator's command,
 * answered when the replay is done.
 */
@Path("/admin/replay")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "jwt")
public class ReplayResource {

    /** The role that may rebuild the read model. */
    public static final String ROLE = "console-admin";

    private final Replay replay;

    public ReplayResource(Replay replay) {
        this.replay = replay;
    }

    @POST
    @Blocking
    @RolesAllowed(ROLE)
    @Operation(
            summary = "Replay every topic from its earliest offset into an empty schema and answer what was rebuilt",
            description = "400: not a schema name; 409: the schema holds tables, or a replay is running; 503: the"
                    + " broker or the database failed (drop the schema before replaying into it again)")
    public ReplayReport replay(@QueryParam("schema") String schema) {
        ReadModelSchema target;
        try {
            target = new ReadModelSchema(schema);
        } catch (IllegalArgumentException e) {
            throw Names.badRequest("schema '" + Names.printable(schema) + "': " + e.getMessage());
        }
        ReplayResult result;
        try {
            result = replay.replay(target);
        } catch (ReplayRefused e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        } catch (IllegalStateException e) {
            throw new ServiceUnavailableException(
                    e.getMessage() + "; drop schema " + target.name() + " before replaying into it again");
        }
        return new ReplayReport(
                result.schema(),
                result.topics(),
                result.missingTopics(),
                result.recordsRead(),
                result.projected(),
                result.duplicates(),
                result.refused(),
                result.duration().toMillis());
    }
}
