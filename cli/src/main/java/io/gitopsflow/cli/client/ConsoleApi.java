package io.gitopsflow.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.SseEvent;

/**
 * The console's REST API as the CLI uses it (docs/console/queries.md): every answer comes back as a {@link Response},
 * errors included, so that {@link ConsoleClient} can say what went wrong in words a person can act on.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ConsoleApi {

    @GET
    @Path("pipelines")
    Response pipelines();

    @GET
    @Path("pipelines/{pipeline}/board")
    Response board(@PathParam("pipeline") String pipeline);

    /**
     * The pipeline's live stream (console {@code PipelineStreamResource}): {@code Accept: text/event-stream}, each
     * change a named event with a {@code FlowChange} as JSON data, comments {@code open} and {@code heartbeat}. The
     * Multi completes or fails when the connection ends; a refused request (401, 403, 404) is not a stream.
     */
    @GET
    @Path("pipelines/{pipeline}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> stream(@PathParam("pipeline") String pipeline);

    @GET
    @Path("pipelines/{pipeline}/freight")
    Response freight(
            @PathParam("pipeline") String pipeline,
            @QueryParam("limit") Integer limit,
            @QueryParam("before") String before);

    @GET
    @Path("pipelines/{pipeline}/promotions")
    Response promotions(
            @PathParam("pipeline") String pipeline,
            @QueryParam("stage") String stage,
            @QueryParam("limit") Integer limit,
            @QueryParam("before") String before);

    @GET
    @Path("promotions/{id}")
    Response promotion(@PathParam("id") String id);

    @GET
    @Path("timeline/{commit}")
    Response timeline(@PathParam("commit") String commit);

    @GET
    @Path("pipelines/{pipeline}/dora")
    Response dora(@PathParam("pipeline") String pipeline, @QueryParam("window") String window);

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/promotions")
    Response promote(@PathParam("pipeline") String pipeline, @PathParam("stage") String stage, JsonNode body);

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/rollback")
    Response rollback(@PathParam("pipeline") String pipeline, @PathParam("stage") String stage, JsonNode body);

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/reverify")
    Response reverify(@PathParam("pipeline") String pipeline, @PathParam("stage") String stage, JsonNode body);

    @POST
    @Path("promotions/{id}/approve")
    Response approve(@PathParam("id") String id, JsonNode body);

    @POST
    @Path("promotions/{id}/reject")
    Response reject(@PathParam("id") String id, JsonNode body);

    @POST
    @Path("promotions/{id}/abort")
    Response abort(@PathParam("id") String id, JsonNode body);

    @POST
    @Path("applications")
    Response onboard(JsonNode body);
}
