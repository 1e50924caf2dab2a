package io.gitopsflow.console.web;

import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.AnalysisRuns;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * An analysis run: its verdict and a chart of each metric's measurements against its condition, read from
 * analysis-service with the user's own token. When analysis-service cannot give the run, the page says why (200: the
 * frame and the reason, never an error page).
 */
@Path("/ui/analysis-runs")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AnalysisRunPage {

    // analysis-service's own rule for a run id
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(Page page, String runId, AnalysisPanel analysis);
    }

    private final Pages pages;
    private final AnalysisRuns runs;
    private final SecurityIdentity identity;

    public AnalysisRunPage(Pages pages, AnalysisRuns runs, SecurityIdentity identity) {
        this.pages = pages;
        this.runs = runs;
        this.identity = identity;
    }

    @GET
    @Path("{id}")
    @Operation(hidden = true)
    public TemplateInstance page(@PathParam("id") String id) {
        String runId = runId(id);
        return Templates.page(pages.page(identity), runId, AnalysisPanel.of(runs.run(runId)));
    }

    @GET
    @Path("{id}/fragment")
    @Operation(hidden = true)
    public TemplateInstance fragment(@PathParam("id") String id) {
        return AnalysisRunFragment.of(AnalysisPanel.of(runs.run(runId(id))));
    }

    private static String runId(String id) {
        if (id == null || !RUN_ID.matcher(id).matches()) {
            throw Names.badRequest(
                    "an analysis run id is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return id;
    }
}
