package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.FlowChange;
import io.gitopsflow.console.config.StreamConfig;
import io.gitopsflow.console.service.ChangeFeed;
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
import java.time.Duration;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The live streams (server-sent events): each change of the read model of a pipeline, or of a commit, as soon as it
 * is committed, named by its kind and identified by its event id; a comment when the stream opens and a heartbeat
 * comment while it is idle, so proxies keep it open. A client that reconnects reloads the board or the timeline: a
 * stream does not replay what it missed.
 */
@Path("/")
@Authenticated
@Tag(name = "streams")
@SecurityRequirement(name = "jwt")
public class StreamResource {

    private final ChangeFeed feed;
    private final Duration heartbeat;

    public StreamResource(ChangeFeed feed, StreamConfig config) {
        this.feed = feed;
        this.heartbeat = config.heartbeat();
    }

    @GET
    @Path("pipelines/{pipeline}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Each change of a pipeline as it happens (server-sent events, JSON data)")
    public Multi<OutboundSseEvent> pipeline(@PathParam("pipeline") String pipeline, @Context Sse sse) {
        String name = Names.dnsLabel("pipeline", pipeline);
        return stream(change -> name.equals(change.project()), sse);
    }

    @GET
    @Path("timeline/{commit}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Each change of a commit's timeline as it happens (server-sent events, JSON data)")
    public Multi<OutboundSseEvent> commit(@PathParam("commit") String commit, @Context Sse sse) {
        String sha = Names.commit(commit);
        return stream(change -> sha.equals(change.commitSha()), sse);
    }

    // the changes are subscribed to before the opening comment goes out: a client that read it misses nothing after
    private Multi<OutboundSseEvent> stream(Predicate<FlowChange> filter, Sse sse) {
        Multi<OutboundSseEvent> changes = feed.changes(filter)
                .map(change -> sse.newEventBuilder()
                        .name(change.kind())
                        .id(change.eventId())
                        .data(FlowChange.class, change)
                        .build());
        Multi<OutboundSseEvent> opened = Multi.createFrom()
                .item(() -> sse.newEventBuilder().comment("open").build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom()
                .ticks()
                .every(heartbeat)
                .onOverflow()
                .drop()
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(changes, opened, heartbeats);
    }
}
