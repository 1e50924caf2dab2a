package io.gitopsflow.analysis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.analysis.service.RunQueries;
import io.gitopsflow.analysis.service.RunTerminator;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Analysis runs, their metrics and measurements (any signed-in user); terminating a run (the operator role). */
@Path("/analysis-runs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "analysis runs")
@SecurityRequirement(name = "jwt")
public class AnalysisRunResource {

    private final RunQueries queries;
    private final RunTerminator terminator;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public AnalysisRunResource(
            RunQueries queries, RunTerminator terminator, SecurityIdentity identity, ObjectMapper json) {
        this.queries = queries;
        this.terminator = terminator;
        this.identity = identity;
        this.json = json;
    }

    /**
     * A run with its metrics.
     *
     * @param run the run
     * @param metrics its metrics, in template order
     */
    public record RunView(RunViews.Run run, List<RunViews.Metric> metrics) {

        static RunView of(RunQueries.Found found) {
            return new RunView(
                    RunViews.Run.of(found.run()),
                    found.metrics().stream().map(RunViews.Metric::of).toList());
        }
    }

    /**
     * A terminate request's optional body.
     *
     * @param reason why (recorded in the run's message and the audit log)
     */
    public record TerminateRequest(String reason) {}

    @GET
    @Operation(summary = "Runs, newest first, optionally of one project, stage, promotion or phase")
    public Uni<List<RunViews.Run>> list(
            @QueryParam("project") String project,
            @QueryParam("stage") String stage,
            @QueryParam("promotionId") String promotionId,
            @QueryParam("phase") String phase) {
        return queries.runs(
                        Inputs.optionalName("project", project),
                        Inputs.optionalName("stage", stage),
                        Inputs.optionalId("promotionId", promotionId),
                        Inputs.optionalPhase(phase))
                .map(runs -> runs.stream().map(RunViews.Run::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run with its metrics' phases and counters")
    public Uni<RunView> get(@PathParam("id") String id) {
        return queries.run(Inputs.id("run id", id)).map(RunView::of);
    }

    @GET
    @Path("/{id}/metrics")
    @Operation(summary = "A run's metrics")
    public Uni<List<RunViews.Metric>> metrics(@PathParam("id") String id) {
        return queries.run(Inputs.id("run id", id))
                .map(found -> found.metrics().stream().map(RunViews.Metric::of).toList());
    }

    @GET
    @Path("/{id}/measurements")
    @Operation(summary = "A run's measurements, oldest first, optionally of one metric")
    public Uni<List<RunViews.Taken>> measurements(@PathParam("id") String id, @QueryParam("metric") String metric) {
        String runId = Inputs.id("run id", id);
        String metricName = Inputs.optionalText("metric", metric);
        return queries.run(runId)
                .chain(found -> queries.measurements(runId, metricName))
                .map(taken -> taken.stream().map(RunViews.Taken::of).toList());
    }

    @POST
    @Path("/{id}/terminate")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("${gitops-flow.analysis.operator-role}")
    @Operation(
            summary = "Stops a run: no more measurements; it ends Successful unless a metric already decided"
                    + " otherwise (as Argo Rollouts), and the verdict is published. Audited; needs the operator role."
                    + " Optional JSON body {\"reason\": \"...\"}")
    public Uni<RunView> terminate(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        String runId = Inputs.id("run id", id);
        String reason = reason(contentType, body);
        String actor = identity.getPrincipal().getName();
        return terminator.terminate(runId, actor, reason).chain(found -> {
            if (!found) {
                throw new NotFoundException("no analysis run " + runId);
            }
            return get(runId);
        });
    }

    /** The optional body's reason: none without a body, else strict JSON (duplicate keys, unknown fields refused). */
    private String reason(String contentType, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        if (!isJson(contentType)) {
            throw new NotSupportedException(
                    "a terminate body must be JSON (Content-Type: application/json):" + " {\"reason\": \"...\"}");
        }
        TerminateRequest request;
        try {
            request = json.readValue(body, TerminateRequest.class);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not acceptable JSON: "
                    + Inputs.excerpt(String.valueOf(e.getOriginalMessage())).replace("'", ""));
        }
        if (request == null) {
            throw new BadRequestException("the body must be a JSON object: {\"reason\": \"...\"}");
        }
        return Inputs.optionalText("reason", request.reason());
    }

    private static boolean isJson(String contentType) {
        try {
            MediaType type = contentType == null ? null : MediaType.valueOf(contentType);
            return type != null && "application".equals(type.getType()) && "json".equals(type.getSubtype());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
