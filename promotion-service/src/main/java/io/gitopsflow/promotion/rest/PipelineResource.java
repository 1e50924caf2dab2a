package io.gitopsflow.promotion.rest;

import io.gitopsflow.promotion.api.AuditRecord;
import io.gitopsflow.promotion.api.ChartSubscriptionView;
import io.gitopsflow.promotion.api.FreightView;
import io.gitopsflow.promotion.api.GitSubscriptionView;
import io.gitopsflow.promotion.api.PromotionSummary;
import io.gitopsflow.promotion.api.StageView;
import io.gitopsflow.promotion.api.SubscriptionWarning;
import io.gitopsflow.promotion.api.TimelineStep;
import io.gitopsflow.promotion.service.QueryService;
import io.gitopsflow.promotion.service.TagWarnings;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Warehouse;
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
    private final TagWarnings tagWarnings;

    public PipelineResource(QueryService queries, TagWarnings tagWarnings) {
        this.queries = queries;
        this.tagWarnings = tagWarnings;
    }

    /**
     * A pipeline as the API shows it.
     *
     * @param images the subscribed image repositories
     * @param charts the subscribed Helm charts
     * @param git the subscribed Git branches
     * @param freightCreationCriteria the expression a new Freight's artifacts must satisfy, or null for none
     * @param warnings subscriptions whose tag rules select none of the tags seen; empty when all is well
     */
    public record PipelineSummary(
            String name,
            String file,
            String warehouse,
            List<String> images,
            List<ChartSubscriptionView> charts,
            List<GitSubscriptionView> git,
            String freightCreationCriteria,
            List<String> stages,
            List<SubscriptionWarning> warnings) {

        static PipelineSummary of(Pipeline p, List<SubscriptionWarning> warnings) {
            Warehouse warehouse = p.warehouse();
            return new PipelineSummary(
                    p.name(),
                    p.file(),
                    warehouse.name(),
                    warehouse.subscriptions().stream()
                            .map(s -> s.imageRepository())
                            .toList(),
                    warehouse.charts().stream().map(ChartSubscriptionView::of).toList(),
                    warehouse.git().stream().map(GitSubscriptionView::of).toList(),
                    warehouse.criteria() == null ? null : warehouse.criteria().expression(),
                    p.stages().stream().map(s -> s.name()).toList(),
                    warnings);
        }
    }

    @GET
    @Path("pipelines")
    @Operation(
            summary = "The pipelines in force: each with its subscriptions (images, charts, Git branches), its"
                    + " freightCreationCriteria, stages and warnings")
    public Uni<List<PipelineSummary>> pipelines() {
        List<Uni<PipelineSummary>> summaries =
                queries.pipelines().stream().map(this::summary).toList();
        if (summaries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(summaries).andFailFast();
    }

    @GET
    @Path("pipelines/{pipeline}")
    @Operation(
            summary = "One pipeline: its subscriptions (images, charts, Git branches), freightCreationCriteria,"
                    + " stages and warnings (a tag rule that selects none of the tags seen)")
    public Uni<PipelineSummary> pipeline(@PathParam("pipeline") String pipeline) {
        return summary(queries.pipeline(Names.dnsLabel("pipeline", pipeline)));
    }

    private Uni<PipelineSummary> summary(Pipeline pipeline) {
        return tagWarnings.of(pipeline).map(warnings -> PipelineSummary.of(pipeline, warnings));
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
