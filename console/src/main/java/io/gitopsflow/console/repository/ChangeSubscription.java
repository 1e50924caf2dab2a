package io.gitopsflow.console.repository;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * LISTENs on the read model's change channel ({@link ChangeRepository#CHANNEL}) with the reactive PostgreSQL client,
 * on a connection of its own that it opens again, with a growing pause, whenever the database goes away and comes
 * back. What was announced while it was away is not heard: a client of the streams reloads on reconnection.
 */
@ApplicationScoped
public class ChangeSubscription {

    private static final long MAX_PAUSE_MILLIS = 5_000;

    private final Vertx vertx;
    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;
    private PgConnectOptions options;
    private Consumer<String> payloads;
    private volatile PgSubscriber subscriber;
    private volatile boolean subscribed;
    private volatile boolean stopped;

    public ChangeSubscription(
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Starts listening: each notification's payload goes to {@code payloads}, on the connection's event loop. */
    public synchronized void listen(Consumer<String> payloads) {
        if (this.payloads != null) {
            throw new IllegalStateException("already listening on " + ChangeRepository.CHANNEL);
        }
        if (url.isEmpty()) {
            Log.warn("quarkus.datasource.reactive.url is not set: the live streams push no change");
            return;
        }
        this.payloads = payloads;
        options = PgConnectOptions.fromUri(url.get());
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        connect(0);
    }

    /** Whether the channel is listened to now (false while the database is away). */
    public boolean listening() {
        PgSubscriber current = subscriber;
        return subscribed && current != null && !current.closed() && current.actualConnection() != null;
    }

    // once connected, the subscriber reconnects by itself (its reconnect policy, forever) and LISTENs again; a first
    // connection that fails leaves it unusable, so each first attempt is made with a new one
    private synchronized void connect(int attempt) {
        if (stopped) {
            return;
        }
        PgSubscriber fresh = PgSubscriber.subscriber(vertx, options).reconnectPolicy(ChangeSubscription::pause);
        fresh.channel(ChangeRepository.CHANNEL)
                .subscribeHandler(() -> {
                    subscribed = true;
                    Log.infof("listening on %s for the live streams", ChangeRepository.CHANNEL);
                })
                .exceptionHandler(failure -> Log.warnf("the change channel failed: %s", failure.getMessage()))
                .handler(payloads);
        subscriber = fresh;
        fresh.connect().subscribe().with(connected -> {}, failure -> {
            fresh.closeAndForget();
            long pause = pause(attempt);
            Log.warnf(
                    "cannot listen on %s (%s); trying again in %d ms",
                    ChangeRepository.CHANNEL, failure.getMessage(), pause);
            vertx.setTimer(pause, timer -> connect(attempt + 1));
        });
    }

    /** The pause before reconnection attempt {@code attempt}: 250 ms doubling up to 5 s, never giving up. */
    static long pause(int attempt) {
        return Math.min(MAX_PAUSE_MILLIS, 250L << Math.min(attempt, 5));
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndForget();
        }
    }
}
