package io.gitopsflow.console.web;

import io.gitopsflow.console.api.FlowChange;
import io.gitopsflow.console.config.StreamConfig;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.BoardService;
import io.gitopsflow.console.service.ChangeFeed;
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
import java.time.Duration;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The pages' live updates: a server-sent event each time the read model changes what a page shows, for the browser's
 * {@code EventSource} with the page's session (the JSON API's streams take a bearer token, which EventSource cannot
 * send). The page then fetches its changed part again ({@code /assets/console.js}); without JavaScript it is a page
 * like any other.
 */
@Path("/ui/live")
@Authenticated
public class LiveUpdates {

    private final ChangeFeed feed;
    private final BoardService boards;
    private final Duration heartbeat;

    public LiveUpdates(ChangeFeed feed, BoardService boards, StreamConfig config) {
        this.feed = feed;
        this.boards = boards;
        this.heartbeat = config.heartbeat();
    }

    @GET
    @Path("pipelines/{pipeline}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> pipeline(@PathParam("pipeline") String pipeline, @Context Sse sse) {
        String name = Names.dnsLabel("pipeline", pipeline);
        if (!boards.knows(name)) {
            throw new NotFoundException("no pipeline '" + name + "' is known to the console");
        }
        return events(change -> name.equals(change.project()), sse);
    }

    @GET
    @Path("commits/{sha}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> commit(@PathParam("sha") String sha, @Context Sse sse) {
        String commit = Names.commit(sha);
        return events(change -> commit.equals(change.commitSha()), sse);
    }

    private Multi<OutboundSseEvent> events(Predicate<FlowChange> filter, Sse sse) {
        Multi<OutboundSseEvent> changes = feed.changes(filter)
                .map(change -> sse.newEventBuilder()
                        .id(change.eventId())
                        .data(change.kind())
                        .build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom()
                .ticks()
                .every(heartbeat)
                .onOverflow()
                .drop()
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        Multi<OutboundSseEvent> opened = Multi.createFrom()
                .item(() -> sse.newEventBuilder().comment("open").build());
        return Multi.createBy().merging().streams(changes, opened, heartbeats);
    }
}
