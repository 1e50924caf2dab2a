package io.gitopsflow.messaging.warmup;

import io.gitopsflow.messaging.VertxContexts;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the service's {@link WarmUp}s once, one after the other, as it starts ({@code gitops-flow.warm-up.enabled},
 * on by default): the start does not wait for them, readiness does ({@link WarmUpCheck}), and one that fails or
 * takes longer than {@link #LIMIT} is logged and left (the first record then pays for what it did not warm up). What
 * each took, or why it failed, is kept for {@link #outcome}.
 */
@ApplicationScoped
public class WarmUps {

    /** How one warm-up ended: its time, or the reason it failed. */
    public record Outcome(Duration took, Optional<String> failure) {}

    /** The longest one warm-up holds readiness back: one that takes longer is left to go on unwaited for. */
    public static final Duration LIMIT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Instance<WarmUp> warmUps;
    private final boolean enabled;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    /** While the start's warm-ups run. */
    private volatile boolean running;

    public WarmUps(
            Vertx vertx,
            @Any Instance<WarmUp> warmUps,
            @ConfigProperty(name = "gitops-flow.warm-up.enabled", defaultValue = "true") boolean enabled) {
        this.vertx = vertx;
        this.warmUps = warmUps;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            running = true;
            runAll().onTermination()
                    .invoke(() -> running = false)
                    .subscribe()
                    .with(ignored -> {}, failure -> Log.warnf("warm-up stopped: %s", failure.toString()));
        }
    }

    /** Whether the start's warm-ups are still running (never, when they are off). */
    public boolean running() {
        return running;
    }

    /** How each warm-up that ended did, by name. */
    public Map<String, Outcome> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** Runs every warm-up once, in turn; completes when all ended, whether they succeeded or not. */
    public Uni<Void> runAll() {
        List<WarmUp> all = warmUps.stream().toList();
        return Multi.createFrom()
                .iterable(all)
                .onItem()
                .transformToUniAndConcatenate(this::run)
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** How {@code name} ended, once it did. */
    public Optional<Outcome> outcome(String name) {
        return Optional.ofNullable(outcomes.get(name));
    }

    private Uni<Outcome> run(WarmUp warmUp) {
        long began = System.nanoTime();
        // deferred: a warm-up that throws instead of failing its Uni fails like one
        return VertxContexts.onNewContext(
                        vertx, () -> Uni.createFrom().deferred(warmUp::run).replaceWithVoid())
                .ifNoItem()
                .after(LIMIT)
                .failWith(() -> new IllegalStateException("not done within " + LIMIT.toSeconds() + " s"))
                .map(ignored -> {
                    Outcome outcome = new Outcome(since(began), Optional.empty());
                    Log.infof(
                            "warmed up %s in %d ms",
                            warmUp.name(), outcome.took().toMillis());
                    return outcome;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf("could not warm up %s (the first record pays for it): %s", warmUp.name(), failure);
                    return new Outcome(since(began), Optional.of(String.valueOf(failure.getMessage())));
                })
                .invoke(outcome -> outcomes.put(warmUp.name(), outcome));
    }

    private static Duration since(long began) {
        return Duration.ofNanos(System.nanoTime() - began);
    }
}
