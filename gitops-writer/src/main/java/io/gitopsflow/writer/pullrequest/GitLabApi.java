package io.gitopsflow.writer.pullrequest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * GitLab's merge request API below {@code /api/v4} (REST Client, built per host by {@link HostCalls}); the project is
 * its URL-encoded path ({@code group%2Fsub%2Fproject}), passed already encoded. Every answer comes back as a
 * {@link Response}, 4xx and 3xx included, for {@link HostCalls} to read.
 */
@Path("/projects/{project}/merge_requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface GitLabApi {

    @GET
    Response list(
            @Encoded @PathParam("project") String encodedProject,
            @QueryParam("state") String state,
            @QueryParam("source_branch") String sourceBranch,
            @QueryParam("target_branch") String targetBranch);

    @POST
    Response create(@Encoded @PathParam("project") String encodedProject, Map<String, Object> body);

    @PUT
    @Path("/{iid}")
    Response update(
            @Encoded @PathParam("project") String encodedProject, @PathParam("iid") long iid, Map<String, Object> body);
}
