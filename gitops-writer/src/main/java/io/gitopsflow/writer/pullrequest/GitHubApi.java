package io.gitopsflow.writer.pullrequest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * GitHub's pull request API (REST Client, built per host by {@link HostCalls}); every answer comes back as a
 * {@link Response}, 4xx and 3xx included, for {@link HostCalls} to read.
 */
@Path("/repos/{owner}/{repo}/pulls")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface GitHubApi {

    @GET
    Response list(
            @PathParam("owner") String owner,
            @PathParam("repo") String repo,
            @QueryParam("state") String state,
            @QueryParam("head") String head,
            @QueryParam("base") String base,
            @QueryParam("per_page") int perPage);

    @POST
    Response create(@PathParam("owner") String owner, @PathParam("repo") String repo, Map<String, Object> body);

    @PATCH
    @Path("/{number}")
    Response update(
            @PathParam("owner") String owner,
            @PathParam("repo") String repo,
            @PathParam("number") long number,
            Map<String, Object> body);
}
