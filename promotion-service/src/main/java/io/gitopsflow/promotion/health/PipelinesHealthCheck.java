package io.gitopsflow.promotion.health;

import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.spec.pipeline.PipelineError;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready with the pipelines in force; a refused change is reported (the last good pipelines still run). */
@Readiness
@ApplicationScoped
public class PipelinesHealthCheck implements HealthCheck {

    private final PipelineRegistry registry;

    public PipelinesHealthCheck(PipelineRegistry registry) {
        this.registry = registry;
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
        return response.build();
    }
}
