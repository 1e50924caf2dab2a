package io.gitopsflow.promotion.rest;

import io.gitopsflow.promotion.api.AuditRecord;
import io.gitopsflow.promotion.api.FreightView;
import io.gitopsflow.promotion.api.PromotionSummary;
import io.gitopsflow.promotion.api.StageView;
import io.gitopsflow.promotion.api.TimelineStep;
import io.gitopsflow.promotion.pipeline.Pipeline;
import io.gitopsflow.promotion.service.QueryService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reading pipelines, their Freight and stages, the audit trail and a commit's timeline. */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pipelines")
@SecurityRequirement(name = "jwt")
public class PipelineResource {

    private final QueryService queries;

    public PipelineResource(QueryService queries) {
        this.queries = queries;
    }

    /** A pipeline as the API shows it. */
    public record PipelineSummary(
            String name, String file, String warehouse, List<String> images, List<String> stages) {

        static PipelineSummary of(Pipeline p) {
            return new PipelineSummary(
                    p.name(),
                    p.file(),
                    p.warehouse().name(),
                    p.warehouse().subscriptions().stream()
                            .map(s -> s.imageRepository())
                            .toList(),
                    p.stages().stream().map(s -> s.name()).toList());
        }
    }

    @GET
    @Path("pipelines")
    @Operation(summary = "The pipelines in force")
    public List<PipelineSummary> pipelines() {
        return queries.pipelines().stream().map(PipelineSummary::of).toList();
    }

    @GET
    @Path("pipelines/{pipeline}")
    @Operation(summary = "One pipeline")
    public PipelineSummary pipeline(@PathParam("pipeline") String pipeline) {
        return PipelineSummary.of(queries.pipeline(Names.dnsLabel("pipeline", pipeline)));
    }

    @GET
    @Path("pipelines/{pipeline}/freight")
    @Operation(summary = "The pipeline's Freight, each with its status in every stage")
    public Uni<List<FreightView>> freight(@PathParam("pipeline") String pipeline) {
        return queries.freight(Names.dnsLabel("pipeline", pipeline));
    }

    @GET
    @Path("pipelines/{pipeline}/freight/{freight}")
    @Operation(summary = "One Freight of the pipeline, by its id or alias, with its status in every stage")
    public Uni<FreightView> oneFreight(@PathParam("pipeline") String pipeline, @PathParam("freight") String freight) {
        return queries.freight(Names.dnsLabel("pipeline", pipeline), Names.freight(freight));
    }

    @GET
    @Path("pipelines/{pipeline}/stages")
    @Operation(summary = "The pipeline's stages: current Freight, hold, latest promotion, verification")
    public Uni<List<StageView>> stages(@PathParam("pipeline") String pipeline) {
        return queries.stages(Names.dnsLabel("pipeline", pipeline));
    }

    @GET
    @Path("pipelines/{pipeline}/stages/{stage}/promotions")
    @Operation(summary = "The stage's promotions, newest first")
    public Uni<List<PromotionSummary>> promotions(
            @PathParam("pipeline") String pipeline, @PathParam("stage") String stage) {
        return queries.promotions(Names.dnsLabel("pipeline", pipeline), Names.dnsLabel("stage", stage));
    }

    @GET
    @Path("audit")
    @Operation(
            summary = "The audit trail, filtered by pipeline, stage, Freight (id, or alias with the pipeline) or"
                    + " promotion")
    public Uni<List<AuditRecord>> audit(
            @QueryParam("pipeline") String pipeline,
            @QueryParam("stage") String stage,
            @QueryParam("freight") String freight,
            @QueryParam("promotion") String promotion) {
        return queries.audit(
                Names.optionalDnsLabel("pipeline", pipeline),
                Names.optionalDnsLabel("stage", stage),
                Names.optionalFreight(freight),
                Names.optionalPromotionId(promotion));
    }

    @GET
    @Path("timeline/{commit}")
    @Operation(summary = "A commit's way: its Freight and each stage's promotion and verification")
    public Uni<List<TimelineStep>> timeline(@PathParam("commit") String commit) {
        return queries.timeline(Names.commit(commit));
    }
}
