package io.gitopsflow.analysis.rest;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.Measurement;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.service.RunQueries;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Analysis runs, their metrics and measurements; terminating a run. */
@Path("/analysis-runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analysis runs")
public class AnalysisRunResource {

    private final RunQueries queries;

    public AnalysisRunResource(RunQueries queries) {
        this.queries = queries;
    }

    /**
     * A run with its metrics.
     *
     * @param run the run
     * @param metrics its metrics, in template order
     */
    public record RunView(AnalysisRun run, List<RunMetric> metrics) {}

    @GET
    @Operation(summary = "Runs, newest first, optionally of one project, stage, promotion or phase")
    public Uni<List<AnalysisRun>> list(
            @QueryParam("project") String project,
            @QueryParam("stage") String stage,
            @QueryParam("promotionId") String promotionId,
            @QueryParam("phase") String phase) {
        return queries.runs(project, stage, promotionId, phase);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run with its metrics' phases and counters")
    public Uni<RunView> get(@PathParam("id") String id) {
        return queries.run(id).map(found -> new RunView(found.run(), found.metrics()));
    }

    @GET
    @Path("/{id}/metrics")
    @Operation(summary = "A run's metrics")
    public Uni<List<RunMetric>> metrics(@PathParam("id") String id) {
        return queries.run(id).map(RunQueries.Found::metrics);
    }

    @GET
    @Path("/{id}/measurements")
    @Operation(summary = "A run's measurements, oldest first, optionally of one metric")
    public Uni<List<Measurement>> measurements(@PathParam("id") String id, @QueryParam("metric") String metric) {
        return queries.run(id).chain(found -> queries.measurements(id, metric));
    }

    @POST
    @Path("/{id}/terminate")
    @Operation(summary = "Stops a run: no more measurements; the verdict is published")
    public Uni<RunView> terminate(@PathParam("id") String id) {
        return queries.terminate(id).chain(run -> {
            if (run == null) {
                throw new NotFoundException("no analysis run " + id);
            }
            return get(id);
        });
    }
}
