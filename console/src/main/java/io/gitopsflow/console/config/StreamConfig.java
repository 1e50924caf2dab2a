package io.gitopsflow.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The live streams' settings ({@code gitops-flow.console.stream.*}): how often an idle stream says it is alive, so
 * that proxies and load balancers keep the connection open.
 */
@ConfigMapping(prefix = "gitops-flow.console.stream")
public interface StreamConfig {

    /** The interval of the heartbeat comment on an open stream. */
    @WithDefault("15s")
    Duration heartbeat();

    /** How many changes a slow client may lag behind before its stream is closed (it reconnects and reloads). */
    @WithDefault("1000")
    int buffer();
}
