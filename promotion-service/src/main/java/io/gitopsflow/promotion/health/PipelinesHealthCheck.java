package io.gitopsflow.promotion.health;

import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.promotion.pipeline.PipelineSource;
import io.gitopsflow.spec.pipeline.PipelineError;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready with the pipelines in force; a refused change is reported (the last good pipelines still run), and so are the
 * commit in force and a failing fetch when the pipelines come from a Git repository.
 */
@Readiness
@ApplicationScoped
public class PipelinesHealthCheck implements HealthCheck {

    private final PipelineRegistry registry;
    private final PipelineSource source;

    public PipelinesHealthCheck(PipelineRegistry registry, PipelineSource source) {
        this.registry = registry;
        this.source = source;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("pipelines")
                .up()
                .withData(
                        "pipelines",
                        String.join(
                                ",",
                                registry.pipelines().stream().map(p -> p.name()).toList()));
        registry.lastRefusal()
                .ifPresent(refusal -> response.withData(
                        "refusedChange",
                        String.join(
                                "; ",
                                refusal.errors().stream()
                                        .map(PipelineError::toString)
                                        .toList())));
        source.gitState().ifPresent(git -> {
            response.withData("gitCommit", git.commit() == null ? "" : git.commit());
            if (git.failure() != null) {
                response.withData("gitFetchFailing", "since " + git.failingSince() + ": " + git.failure());
            }
        });
        return response.build();
    }
}
