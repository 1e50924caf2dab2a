package io.gitopsflow.analysis.rest;

import io.gitopsflow.analysis.service.TemplateRegistry;
import io.gitopsflow.spec.analysis.AnalysisTemplate;
import io.gitopsflow.spec.analysis.InvalidTemplateException;
import io.gitopsflow.spec.analysis.TemplateProblem;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The loaded AnalysisTemplates and the problems of the files that were refused; checking a file before use (any
 * signed-in user).
 */
@Path("/analysis-templates")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "analysis templates")
@SecurityRequirement(name = "jwt")
public class AnalysisTemplateResource {

    private final TemplateRegistry registry;

    public AnalysisTemplateResource(TemplateRegistry registry) {
        this.registry = registry;
    }

    /**
     * What the templates folder holds.
     *
     * @param templates the templates loaded
     * @param problems what is wrong in the files refused
     */
    public record Templates(List<AnalysisTemplate> templates, List<TemplateProblem> problems) {}

    @GET
    @Operation(summary = "The templates loaded, and the problems of the files refused")
    public Templates list() {
        return new Templates(registry.templates(), registry.problems());
    }

    @POST
    @Path("/validate")
    @Consumes({"application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Checks template YAML: 200 with the templates, or 400 with every problem (line, field, why)")
    public Response validate(String yaml) {
        try {
            return Response.ok(new Templates(registry.validate("request", yaml), List.of()))
                    .build();
        } catch (InvalidTemplateException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(new Templates(List.of(), e.problems()))
                    .build();
        }
    }
}
