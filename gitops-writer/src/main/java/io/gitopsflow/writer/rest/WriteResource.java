package io.gitopsflow.writer.rest;

import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.service.WriteQueries;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The writes: what each promotion request came to (status, commit, old and new value, pull request), for signed-in
 * users only (a failed write's reason names repositories and paths).
 */
@Path("/writes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "writes")
@SecurityRequirement(name = "jwt")
public class WriteResource {

    private static final Set<String> STATUSES = Set.of(
            ManifestWrite.QUEUED,
            ManifestWrite.WRITING,
            ManifestWrite.COMMITTED,
            ManifestWrite.PR_OPENED,
            ManifestWrite.NO_CHANGE,
            ManifestWrite.FAILED);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    private final WriteQueries queries;

    public WriteResource(WriteQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "List requests, newest first, optionally of one status")
    public Uni<List<WriteView>> list(@QueryParam("status") String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw refused("status must be one of " + new TreeSet<>(STATUSES));
        }
        return queries.newest(Optional.ofNullable(status))
                .map(writes -> writes.stream().map(WriteView::of).toList());
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "One request and its answer")
    public Uni<WriteView> get(@PathParam("requestId") String requestId) {
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw refused("a request id is 1 to 200 letters, digits, '.', '_', ':' or '-'");
        }
        return queries.byRequestId(requestId)
                .map(write ->
                        write.map(WriteView::of).orElseThrow(() -> new NotFoundException("no request " + requestId)));
    }

    private static WebApplicationException refused(String reason) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", reason))
                .build());
    }
}
