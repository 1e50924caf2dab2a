package io.gitopsflow.console.web;

import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.AnalysisRuns;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The analysis part of a promotion's page rendered alone: the newest analysis run that verifies the promotion, found
 * in analysis-service by promotion id, so that the promotion page needs no run id of its own (and a live region can
 * fetch it again when the verification ends).
 */
@Path("/ui/promotions/{id}/analysis")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class PromotionAnalysisFragment {

    private final AnalysisRuns runs;

    public PromotionAnalysisFragment(AnalysisRuns runs) {
        this.runs = runs;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance analysis(@PathParam("id") String id) {
        return AnalysisRunFragment.of(AnalysisPanel.of(runs.latestOf(Names.promotionId(id))));
    }
}
