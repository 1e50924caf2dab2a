package io.gitopsflow.console.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * analysis-service's read API (its {@code AnalysisRunResource} and {@code AnalysisTemplateResource}), called with the
 * signed-in user's token ({@link ForwardedToken}). Answers come back as a {@link Response}, 4xx included, so that the
 * page can say what went wrong; {@link AnalysisService} bounds the wait.
 */
@RegisterRestClient(configKey = "analysis-service")
@RegisterClientHeaders(ForwardedToken.class)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface AnalysisServiceClient {

    @GET
    @Path("analysis-runs/{id}")
    Response run(@PathParam("id") String runId);

    @GET
    @Path("analysis-runs")
    Response runsOfPromotion(@QueryParam("promotionId") String promotionId);

    @GET
    @Path("analysis-runs/{id}/measurements")
    Response measurements(@PathParam("id") String runId);

    @GET
    @Path("analysis-templates")
    Response templates();
}
