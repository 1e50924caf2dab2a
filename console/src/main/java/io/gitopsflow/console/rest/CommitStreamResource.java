package io.gitopsflow.console.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
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
 * A commit's live stream (server-sent events): each change of the commit's timeline as soon as it is committed. Its
 * own class path, so that the timeline's resource does not take its requests.
 */
@Path("/timeline/{commit}/stream")
@Authenticated
@Tag(name = "streams")
@SecurityRequirement(name = "jwt")
public class CommitStreamResource {

    private final ChangeStreams streams;

    public CommitStreamResource(ChangeStreams streams) {
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Each change of a commit's timeline as it happens (server-sent events, JSON data)")
    public Multi<OutboundSseEvent> stream(@PathParam("commit") String commit, @Context Sse sse) {
        String sha = Names.commit(commit);
        return streams.of(change -> sha.equals(change.commitSha()), sse);
    }
}
