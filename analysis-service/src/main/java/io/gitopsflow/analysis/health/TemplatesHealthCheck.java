package io.gitopsflow.analysis.health;

import io.gitopsflow.analysis.service.TemplateRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the templates loaded and the files refused. It stays up with refused files: the other templates still
 * run, and a stage naming a missing template gets an Error verdict that says so.
 */
@Readiness
@ApplicationScoped
public class TemplatesHealthCheck implements HealthCheck {

    private final TemplateRegistry registry;

    public TemplatesHealthCheck(TemplateRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("analysis-templates")
                .up()
                .withData("loaded", registry.templates().size())
                .withData("problems", registry.problems().size())
                .build();
    }
}
