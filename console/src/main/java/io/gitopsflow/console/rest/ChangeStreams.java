package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.FlowChange;
import io.gitopsflow.console.config.StreamConfig;
import io.gitopsflow.console.service.ChangeFeed;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A live stream as server-sent events, for the stream resources: each change a filter takes, named by its kind and
 * identified by its event id; a comment when the stream opens and a heartbeat comment while it is idle, so proxies
 * keep it open. A client that reconnects reloads the board or the timeline: a stream does not replay what it missed.
 */
@ApplicationScoped
public class ChangeStreams {

    private final ChangeFeed feed;
    private final Duration heartbeat;

    public ChangeStreams(ChangeFeed feed, StreamConfig config) {
        this.feed = feed;
        this.heartbeat = config.heartbeat();
    }

    /** The stream of the changes {@code filter} takes, from now on. */
    // the changes are subscribed to before the opening comment goes out: a client that read it misses nothing after
    public Multi<OutboundSseEvent> of(Predicate<FlowChange> filter, Sse sse) {
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
