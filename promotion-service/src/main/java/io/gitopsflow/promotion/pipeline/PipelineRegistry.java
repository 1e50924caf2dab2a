package io.gitopsflow.promotion.pipeline;

import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PipelineError;
import io.gitopsflow.spec.pipeline.PipelineException;
import io.gitopsflow.spec.pipeline.PipelineFolder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pipelines in force. Read at start (invalid files refuse the start), then again whenever the folder changes: a
 * valid change replaces them at once; an invalid one is refused, logged with every error and reported by
 * {@link #lastRefusal()}, and the last good pipelines keep running.
 */
@Startup
@ApplicationScoped
public class PipelineRegistry {

    private final PipelineSource source;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();

    public PipelineRegistry(PipelineSource source) {
        this.source = source;
        source.refresh(); // a Git source that cannot be cloned: the service does not start
        Map<String, String> files = PipelineFolder.read(source.folder());
        Map<String, Pipeline> pipelines = PipelineFolder.parse(files); // throws: the service does not start
        loaded.set(new Loaded(PipelineFolder.fingerprint(files), pipelines));
        Log.infof("loaded pipelines %s from %s", pipelines.keySet(), source.folder());
    }

    /** Reads the folder again when it changed (fetched first when it is a Git repository's). */
    @Scheduled(
            every = "${gitops-flow.promotion.reload-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void reload() {
        source.refresh();
        Map<String, String> files;
        try {
            files = PipelineFolder.read(source.folder());
        } catch (RuntimeException e) {
            refuse(List.of(new PipelineError(source.folder().toString(), 0, 0, e.getMessage())), null);
            return;
        }
        String fingerprint = PipelineFolder.fingerprint(files);
        if (fingerprint.equals(loaded.get().fingerprint())) {
            return;
        }
        Refusal refused = lastRefusal.get();
        if (refused != null && fingerprint.equals(refused.fingerprint())) {
            return; // already refused and logged
        }
        try {
            Map<String, Pipeline> pipelines = PipelineFolder.parse(files);
            loaded.set(new Loaded(fingerprint, pipelines));
            lastRefusal.set(null);
            Log.infof("pipelines changed: now %s", pipelines.keySet());
        } catch (PipelineException e) {
            refuse(e.errors(), fingerprint);
        }
    }

    private void refuse(List<PipelineError> errors, String fingerprint) {
        lastRefusal.set(new Refusal(fingerprint, errors, Instant.now()));
        Log.errorf(
                "pipeline change refused, the last good pipelines keep running: %s",
                String.join("; ", errors.stream().map(PipelineError::toString).toList()));
    }

    /** The fingerprint of the files the pipelines in force were read from: it changes with every change in force. */
    public String fingerprint() {
        return loaded.get().fingerprint();
    }

    /** Every pipeline in force. */
    public Collection<Pipeline> pipelines() {
        return loaded.get().pipelines().values();
    }

    /** The pipeline named {@code name}, if one is in force. */
    public Optional<Pipeline> pipeline(String name) {
        return Optional.ofNullable(loaded.get().pipelines().get(name));
    }

    /** The last refused change, if the folder now holds one. */
    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }

    private record Loaded(String fingerprint, Map<String, Pipeline> pipelines) {}

    /**
     * A change that was refused.
     *
     * @param fingerprint the refused files' fingerprint
     * @param errors what is wrong with them
     * @param at when it was refused
     */
    public record Refusal(String fingerprint, List<PipelineError> errors, Instant at) {}
}
