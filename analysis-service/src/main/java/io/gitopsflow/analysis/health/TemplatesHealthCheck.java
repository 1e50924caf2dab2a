package io.gitopsflow.analysis.health;

import io.gitopsflow.analysis.service.TemplateRegistry;
import io.gitopsflow.spec.analysis.TemplateProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the templates loaded and the files refused, with the first problems (file, line, why). It stays up with refused files: the other templates still
 * run, and a stage naming a missing template gets an Error verdict that says so.
 */
@Readiness
@ApplicationScoped
public class TemplatesHealthCheck implements HealthCheck {

    /** Problems shown here; GET /analysis-templates lists them all. */
    static final int SHOWN = 5;

    private final TemplateRegistry registry;

    public TemplatesHealthCheck(TemplateRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("analysis-templates")
                .up()
                .withData("loaded", registry.templates().size())
                .withData("problems", registry.problems().size());
        List<TemplateProblem> problems = registry.problems();
        for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
            // file:line: field: why — never a value read from a Secret (those are read at measurement time)
            response.withData("problem." + (i + 1), problems.get(i).toString());
        }
        return response.build();
    }
}
