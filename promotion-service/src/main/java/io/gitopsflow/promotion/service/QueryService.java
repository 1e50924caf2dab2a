package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.AuditEntry;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.StageState;
import io.gitopsflow.promotion.api.ApprovalSummary;
import io.gitopsflow.promotion.api.AuditRecord;
import io.gitopsflow.promotion.api.FreightView;
import io.gitopsflow.promotion.api.PromotionSummary;
import io.gitopsflow.promotion.api.PromotionView;
import io.gitopsflow.promotion.api.StageView;
import io.gitopsflow.promotion.api.TimelineStep;
import io.gitopsflow.promotion.api.WriteSummary;
import io.gitopsflow.promotion.repository.ApprovalRepository;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.promotion.repository.StageStateRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.promotion.repository.VerificationRepository;
import io.gitopsflow.promotion.warehouse.FreightIdentity;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The read side of the API: pipelines, Freight with per-stage status, stages, promotions, audit, timelines. */
@ApplicationScoped
public class QueryService {

    private final PipelineLookup pipelines;
    private final FreightRepository freight;
    private final FreightLookup lookup;
    private final PromotionRepository promotions;
    private final PromotionWriteRepository writes;
    private final StageStateRepository stages;
    private final VerificationRepository verifications;
    private final ApprovalRepository approvals;
    private final AuditService audit;
    private final FreightArtifacts artifacts;
    private final Transactions transactions;

    public QueryService(
            PipelineLookup pipelines,
            FreightRepository freight,
            FreightLookup lookup,
            PromotionRepository promotions,
            PromotionWriteRepository writes,
            StageStateRepository stages,
            VerificationRepository verifications,
            ApprovalRepository approvals,
            AuditService audit,
            FreightArtifacts artifacts,
            Transactions transactions) {
        this.pipelines = pipelines;
        this.freight = freight;
        this.lookup = lookup;
        this.promotions = promotions;
        this.writes = writes;
        this.stages = stages;
        this.verifications = verifications;
        this.approvals = approvals;
        this.audit = audit;
        this.artifacts = artifacts;
        this.transactions = transactions;
    }

    public Collection<Pipeline> pipelines() {
        return pipelines.all();
    }

    public Pipeline pipeline(String name) {
        return pipelines.pipeline(name);
    }

    public Uni<List<FreightView>> freight(String pipelineName) {
        Pipeline pipeline = pipeline(pipelineName);
        return transactions.run(() -> freight.valuesByPipeline(pipeline.name())
                .chain(all -> statuses(pipeline)
                        .map(statuses ->
                                all.stream().map(f -> view(f, statuses)).toList())));
    }

    /** One Freight of the pipeline by its id or alias. */
    public Uni<FreightView> freight(String pipelineName, String idOrAlias) {
        Pipeline pipeline = pipeline(pipelineName);
        return transactions.run(() -> lookup.find(pipeline.name(), idOrAlias)
                .chain(f -> statuses(pipeline).map(statuses -> view(f, statuses))));
    }

    private Uni<FreightStatuses> statuses(Pipeline pipeline) {
        return verifications
                .byPipeline(pipeline.name())
                .chain(verified -> stages.byPipeline(pipeline.name())
                        .chain(states -> promotions
                                .byPipeline(pipeline.name())
                                .map(history -> new FreightStatuses(pipeline, states, verified, history))));
    }

    private FreightView view(Freight f, FreightStatuses statuses) {
        return new FreightView(
                f.id,
                f.alias,
                artifacts.of(f),
                f.commit,
                f.createdAt,
                statuses.of(f.id),
                artifacts.charts(f),
                artifacts.commits(f));
    }

    /**
     * Each stage of the pipeline with the Freight it runs, its latest promotion and whether the Freight was verified
     * there: what the stages hold and one indexed read per stage, whatever the pipeline's history.
     */
    public Uni<List<StageView>> stages(String pipelineName) {
        Pipeline pipeline = pipeline(pipelineName);
        return transactions.run(() -> stages.byPipeline(pipeline.name()).chain(states -> {
            List<String> running = states.stream()
                    .map(s -> s.freightId)
                    .filter(Objects::nonNull)
                    .distinct()
                    .toList();
            return freight.aliasesOf(running)
                    .chain(aliases -> verifications
                            .verifiedKeys(pipeline.name(), running)
                            .chain(verified -> latestPromotions(pipeline)
                                    .map(latest -> pipeline.stages().stream()
                                            .map(stage -> stageView(
                                                    pipeline.name(), stage, states, aliases, verified, latest))
                                            .toList())));
        }));
    }

    /** Each stage's latest promotion by stage name; a stage never promoted is absent. */
    private Uni<Map<String, Promotion>> latestPromotions(Pipeline pipeline) {
        Map<String, Promotion> latest = new HashMap<>();
        Uni<Void> reads = Uni.createFrom().voidItem();
        for (Stage stage : pipeline.stages()) {
            reads = reads.chain(() -> promotions.latest(pipeline.name(), stage.name()))
                    .invoke(found -> {
                        if (found != null) {
                            latest.put(stage.name(), found);
                        }
                    })
                    .replaceWithVoid();
        }
        return reads.replaceWith(latest);
    }

    private static StageView stageView(
            String pipeline,
            Stage stage,
            List<StageState> states,
            Map<String, String> aliases,
            Set<String> verified,
            Map<String, Promotion> latestByStage) {
        StageState state = states.stream()
                .filter(s -> s.stage.equals(stage.name()))
                .findFirst()
                .orElse(null);
        String freightId = state == null ? null : state.freightId;
        Promotion latest = latestByStage.get(stage.name());
        List<String> sources = new ArrayList<>();
        if (stage.fromWarehouse()) {
            sources.add("warehouse");
        }
        sources.addAll(stage.upstream());
        return new StageView(
                stage.name(),
                sources,
                stage.autoPromotion(),
                freightId,
                freightId == null ? null : aliases.get(freightId),
                latest == null ? null : latest.id,
                latest == null ? null : latest.status,
                state != null && state.hold,
                state == null ? null : state.holdReason,
                freightId != null && verified.contains(VerificationRepository.key(freightId, pipeline, stage.name())));
    }

    public Uni<PromotionView> promotion(String id) {
        return transactions.run(() -> promotions.findById(id).chain(found -> {
            if (found == null) {
                throw PromotionException.notFound("no promotion " + id);
            }
            return writes.byPromotion(id)
                    .chain(w -> approvals
                            .byPromotion(id)
                            .map(a -> new PromotionView(
                                    PromotionSummary.of(found),
                                    w.stream().map(WriteSummary::of).toList(),
                                    a.stream().map(ApprovalSummary::of).toList())));
        }));
    }

    public Uni<List<PromotionSummary>> promotions(String pipelineName, String stageName) {
        Pipeline pipeline = pipeline(pipelineName);
        pipelines.stage(pipeline, stageName);
        return transactions.run(() -> promotions
                .byStage(pipelineName, stageName)
                .map(found -> found.stream().map(PromotionSummary::of).toList()));
    }

    /** The audit trail; {@code freight} is an id, or an alias of {@code pipeline}'s. */
    public Uni<List<AuditRecord>> audit(String pipeline, String stage, String freight, String promotionId) {
        return auditEntries(pipeline, stage, freight, promotionId)
                .map(entries -> entries.stream().map(AuditRecord::of).toList());
    }

    private Uni<List<AuditEntry>> auditEntries(String pipeline, String stage, String freight, String promotionId) {
        if (freight == null || !FreightIdentity.isAlias(freight)) {
            return transactions.run(() -> audit.query(pipeline, stage, freight, promotionId));
        }
        if (pipeline == null) {
            throw PromotionException.badRequest(
                    "freight alias " + freight + " names a Freight only within a pipeline: add pipeline=");
        }
        return transactions.run(() -> lookup.find(pipeline(pipeline).name(), freight)
                .chain(found -> audit.query(pipeline, stage, found.id, promotionId)));
    }

    /** Commit → image → Freight → each stage's promotion and verification. */
    public Uni<List<TimelineStep>> timeline(String commit) {
        return transactions.run(() -> freight.byCommit(commit).chain(built -> {
            Uni<List<TimelineStep>> steps = Uni.createFrom().item(new ArrayList<>());
            for (Freight f : built) {
                steps = steps.chain(list -> promotions.byFreight(f.id).map(history -> {
                    if (history.isEmpty()) {
                        list.add(new TimelineStep(
                                f.id, f.alias, artifacts.of(f), null, null, null, null, f.createdAt, f.createdAt));
                    }
                    for (Promotion p : history) {
                        list.add(new TimelineStep(
                                f.id,
                                f.alias,
                                artifacts.of(f),
                                p.stage,
                                p.id,
                                p.status,
                                p.writtenCommits,
                                p.createdAt,
                                p.updatedAt));
                    }
                    return list;
                }));
            }
            return steps;
        }));
    }
}
