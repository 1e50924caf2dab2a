package io.gitopsflow.console.rest;

import io.gitopsflow.console.service.BoardService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * A pipeline's live stream (server-sent events): each change filed under the pipeline as soon as it is committed. Its
 * own class path, so that the board's {@code /pipelines} resource does not take its requests.
 */
@Path("/pipelines/{pipeline}/stream")
@Authenticated
@Tag(name = "streams")
@SecurityRequirement(name = "jwt")
public class PipelineStreamResource {

    private final ChangeStreams streams;
    private final BoardService board;

    public PipelineStreamResource(ChangeStreams streams, BoardService board) {
        this.streams = streams;
        this.board = board;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(
            summary = "Each change of a pipeline as it happens (server-sent events, JSON data); 404 for a pipeline the"
                    + " console does not know")
    public Multi<OutboundSseEvent> stream(@PathParam("pipeline") String pipeline, @Context Sse sse) {
        String name = Names.dnsLabel("pipeline", pipeline);
        if (!board.knows(name)) {
            throw new NotFoundException("no pipeline '" + name + "' is known to the console");
        }
        return streams.of(change -> name.equals(change.project()), sse);
    }
}
