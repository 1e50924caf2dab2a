package io.gitopsflow.promotion.service;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.AnalysisResult;
import io.gitopsflow.promotion.Approval;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.FreightVerification;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.promotion.config.PromotionConfig;
import io.gitopsflow.promotion.messaging.PromotionPublisher;
import io.gitopsflow.promotion.pipeline.Pipeline;
import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.promotion.pipeline.PromotionWindow;
import io.gitopsflow.promotion.pipeline.Stage;
import io.gitopsflow.promotion.pipeline.StageTarget;
import io.gitopsflow.promotion.repository.AnalysisResultRepository;
import io.gitopsflow.promotion.repository.ApprovalRepository;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.promotion.repository.StageStateRepository;
import io.gitopsflow.promotion.repository.VerificationRepository;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The promotion lifecycle: Pending → Writing → Written → HealthCheck → Verifying → Succeeded / Failed / Aborted, or
 * Pending → Rejected by a reviewer.
 * Every decision is made in one transaction on the stored state (optimistic locking, one active promotion per stage
 * by a unique index), so several instances agree; events are published after the state that caused them is stored,
 * and published again until Kafka took them.
 */
@ApplicationScoped
public class PromotionService {

    private final PipelineRegistry pipelines;
    private final FreightRepository freight;
    private final FreightLookup lookup;
    private final PromotionRepository promotions;
    private final PromotionWriteRepository writes;
    private final StageStateRepository stages;
    private final VerificationRepository verifications;
    private final ApprovalRepository approvals;
    private final AnalysisResultRepository analysisResults;
    private final AuditService audit;
    private final FreightArtifacts artifacts;
    private final FreightRanking ranking;
    private final RollbackHolds holds;
    private final PromotionPublisher publisher;
    private final ArgoCdHealth health;
    private final Transactions transactions;
    private final PromotionConfig config;

    public PromotionService(
            PipelineRegistry pipelines,
            FreightRepository freight,
            FreightLookup lookup,
            PromotionRepository promotions,
            PromotionWriteRepository writes,
            StageStateRepository stages,
            VerificationRepository verifications,
            ApprovalRepository approvals,
            AnalysisResultRepository analysisResults,
            AuditService audit,
            FreightArtifacts artifacts,
            FreightRanking ranking,
            RollbackHolds holds,
            PromotionPublisher publisher,
            ArgoCdHealth health,
            Transactions transactions,
            PromotionConfig config) {
        this.pipelines = pipelines;
        this.freight = freight;
        this.lookup = lookup;
        this.promotions = promotions;
        this.writes = writes;
        this.stages = stages;
        this.verifications = verifications;
        this.approvals = approvals;
        this.analysisResults = analysisResults;
        this.audit = audit;
        this.artifacts = artifacts;
        this.ranking = ranking;
        this.holds = holds;
        this.publisher = publisher;
        this.health = health;
        this.transactions = transactions;
        this.config = config;
    }

    // --- requests -------------------------------------------------------------------------------------------

    /**
     * A user promotes a chosen Freight (its id or alias); an older one than the newest available holds
     * auto-promotion.
     */
    public Uni<Promotion> promote(
            String pipelineName, String stageName, String freightRef, Actor actor, String reason, boolean override) {
        Pipeline pipeline = pipeline(pipelineName);
        Stage stage = stage(pipeline, stageName);
        if (!actor.has(config.promoterRole())) {
            throw PromotionException.forbidden(
                    actor.name() + " does not hold role " + config.promoterRole() + " needed to promote");
        }
        if (override && !actor.has(config.overrideRole())) {
            throw PromotionException.forbidden(
                    actor.name() + " does not hold role " + config.overrideRole() + " needed to override a window");
        }
        return transactions
                .run(() -> start(pipeline, stage, freightRef, actor, reason, override, false))
                .call(created -> advance(created.id));
    }

    /** Auto-promotion of one stage: the newest available Freight, unless held, blocked or already tried. */
    Uni<Void> autoPromote(Pipeline pipeline, Stage stage) {
        if (!stage.autoPromotion() || PromotionWindow.blockedBy(stage.windows(), Instant.now()) != null) {
            return Uni.createFrom().voidItem();
        }
        return transactions
                .run(() -> stages.getOrCreate(pipeline.name(), stage.name()).chain(state -> {
                    if (state.hold) {
                        return Uni.createFrom().nullItem();
                    }
                    return promotions.active(pipeline.name(), stage.name()).chain(active -> {
                        if (active != null) {
                            return Uni.createFrom().nullItem();
                        }
                        return available(pipeline, stage)
                                .chain(candidates -> ranking.current(state, candidates)
                                        .chain(current -> {
                                            Optional<Freight> newest = newest(pipeline, candidates);
                                            if (newest.isEmpty()
                                                    || !ranking.forward(pipeline, current, newest.get(), candidates)) {
                                                return Uni.createFrom().nullItem();
                                            }
                                            // a Freight already tried here (failed, aborted, rejected) is not retried
                                            // on its
                                            // own:
                                            // a person decides
                                            return promotions
                                                    .countFor(pipeline.name(), stage.name(), newest.get().id)
                                                    .chain(tried -> tried > 0
                                                            ? Uni.createFrom().nullItem()
                                                            : start(
                                                                    pipeline,
                                                                    stage,
                                                                    newest.get().id,
                                                                    Actor.SERVICE,
                                                                    "auto-promotion of the newest available Freight",
                                                                    false,
                                                                    true));
                                        }));
                    });
                }))
                .chain(created -> created == null ? Uni.createFrom().voidItem() : advance(created.id));
    }

    /** Starts a promotion of the Freight {@code freightRef} (its id or alias) if the stage is free for it. */
    private Uni<Promotion> start(
            Pipeline pipeline,
            Stage stage,
            String freightRef,
            Actor actor,
            String reason,
            boolean override,
            boolean automatic) {
        return lookup.find(pipeline.name(), freightRef).chain(chosen -> {
            String freightId = chosen.id;
            String blocked = PromotionWindow.blockedBy(stage.windows(), Instant.now());
            if (blocked != null && !override) {
                throw PromotionException.conflict("stage " + stage.name() + " is frozen: " + blocked
                        + " (promote with overrideWindow to override, which is recorded)");
            }
            return promotions.active(pipeline.name(), stage.name()).chain(active -> {
                if (active != null) {
                    throw PromotionException.conflict("stage " + stage.name() + " already runs promotion " + active.id
                            + " (" + active.status + "): abort it first");
                }
                return available(pipeline, stage).chain(candidates -> {
                    if (candidates.stream().noneMatch(f -> f.id.equals(freightId))) {
                        throw PromotionException.conflict("Freight " + chosen.alias + " is not available to stage "
                                + stage.name() + ": it is not verified in " + stage.upstream()
                                + (stage.soak().isZero() ? "" : " for " + stage.soak()));
                    }
                    Freight newest = newest(pipeline, candidates).orElseThrow();
                    boolean rollback = !newest.id.equals(freightId);
                    OffsetDateTime now = now();
                    Promotion promotion = new Promotion();
                    promotion.id = UUID.randomUUID().toString();
                    promotion.pipeline = pipeline.name();
                    promotion.stage = stage.name();
                    promotion.freightId = freightId;
                    promotion.status = Promotion.PENDING;
                    promotion.requestedBy = actor.name();
                    promotion.automatic = automatic;
                    promotion.reason = reason;
                    promotion.windowOverride = override && blocked != null;
                    promotion.rollback = rollback;
                    promotion.correlationId = chosen.sourceCommit;
                    promotion.createdAt = now;
                    promotion.updatedAt = now;
                    return promotions
                            .persist(promotion)
                            .call(() -> audit.record(
                                    promotion,
                                    "promotion-requested",
                                    actor.name(),
                                    "Freight " + chosen.alias + (reason == null ? "" : ": " + reason)))
                            .call(() -> promotion.windowOverride
                                    ? audit.record(promotion, "window-overridden", actor.name(), blocked)
                                    : Uni.createFrom().voidItem())
                            .call(() -> automatic
                                    ? Uni.createFrom().voidItem()
                                    : holds.started(promotion, rollback, newest, actor));
                });
            });
        });
    }

    public Uni<Promotion> approve(String promotionId, Actor actor, String comment) {
        return decide(promotionId, actor, comment, Approval.APPROVED).call(p -> advance(p.id));
    }

    /**
     * A reviewer with the stage's role refuses a pending promotion: it ends Rejected, nothing is written, the stage is
     * free for another promotion, and auto-promotion does not offer the same Freight to the stage again (a person may).
     */
    public Uni<Promotion> reject(String promotionId, Actor actor, String comment) {
        return decide(promotionId, actor, comment, Approval.REJECTED);
    }

    private Uni<Promotion> decide(String promotionId, Actor actor, String comment, String decision) {
        return transactions.run(() -> promotion(promotionId).chain(promotion -> {
            Stage stage = stage(pipeline(promotion.pipeline), promotion.stage);
            if (stage.approvals().required() == 0) {
                throw PromotionException.conflict("stage " + stage.name() + " needs no approvals");
            }
            if (!Promotion.PENDING.equals(promotion.status)) {
                throw PromotionException.conflict("promotion " + promotion.id + " is " + promotion.status
                        + ": only a pending promotion can be approved or rejected");
            }
            if (!actor.has(stage.approvals().role())) {
                throw PromotionException.forbidden(actor.name() + " does not hold role "
                        + stage.approvals().role() + " needed to approve or reject promotions into " + stage.name());
            }
            if (actor.name().equals(promotion.requestedBy)) {
                throw PromotionException.forbidden(
                        actor.name() + " requested promotion " + promotion.id + " and cannot approve or reject it");
            }
            return approvals.byPromotion(promotion.id).chain(existing -> {
                if (existing.stream().anyMatch(a -> a.approver.equals(actor.name()))) {
                    throw PromotionException.conflict(actor.name() + " already decided on promotion " + promotion.id);
                }
                Approval approval = new Approval();
                approval.promotionId = promotion.id;
                approval.approver = actor.name();
                approval.decision = decision;
                approval.comment = comment;
                approval.decidedAt = now();
                // touching the promotion makes decisions on it serialize (its version): an approval that completes
                // the count and a rejection, or two instances deciding at once, never both pass on stale state
                promotion.updatedAt = now();
                Uni<Void> recorded = approvals.persist(approval).replaceWithVoid();
                if (decision.equals(Approval.REJECTED)) {
                    recorded = recorded.call(() -> finish(
                                    promotion,
                                    Promotion.REJECTED,
                                    actor.name(),
                                    "rejected by " + actor.name() + (comment == null ? "" : ": " + comment)))
                            .call(() -> holds.ended(promotion, actor.name()));
                } else {
                    recorded = recorded.call(() -> audit.record(promotion, "approved", actor.name(), comment));
                }
                return recorded.replaceWith(promotion);
            });
        }));
    }

    public Uni<Promotion> abort(String promotionId, Actor actor, String reason) {
        requirePromoter(actor);
        return transactions.run(() -> promotion(promotionId).chain(promotion -> {
            if (!promotion.active()) {
                throw PromotionException.conflict("promotion " + promotion.id + " already ended " + promotion.status);
            }
            return finish(promotion, Promotion.ABORTED, actor.name(), reason == null ? "aborted" : reason)
                    .call(() -> holds.ended(promotion, actor.name()))
                    .replaceWith(promotion);
        }));
    }

    /** Verifies the stage's current Freight again: its last promotion goes back to Verifying. */
    public Uni<Promotion> reverify(String pipelineName, String stageName, Actor actor, String reason) {
        requirePromoter(actor);
        Pipeline pipeline = pipeline(pipelineName);
        Stage stage = stage(pipeline, stageName);
        if (stage.verification().isEmpty()) {
            throw PromotionException.conflict("stage " + stageName + " has no verification to run again");
        }
        return transactions
                .run(() -> stages.getOrCreate(pipelineName, stageName).chain(state -> {
                    if (state.promotionId == null) {
                        throw PromotionException.conflict("stage " + stageName + " runs no Freight yet");
                    }
                    return promotions.active(pipelineName, stageName).chain(active -> {
                        if (active != null) {
                            throw PromotionException.conflict(
                                    "stage " + stageName + " runs promotion " + active.id + " (" + active.status + ")");
                        }
                        return promotion(state.promotionId).chain(promotion -> {
                            promotion.status = Promotion.VERIFYING;
                            promotion.stagePromotedPublished = false;
                            promotion.stagePromotedClaimedUntil = null;
                            promotion.updatedAt = now();
                            return audit.record(promotion, "reverify", actor.name(), reason)
                                    .replaceWith(promotion);
                        });
                    });
                }))
                .call(promotion -> publishOutstanding(promotion.id));
    }

    // --- events -----------------------------------------------------------------------------------------------

    public Uni<Void> onManifestUpdated(EventEnvelope<ManifestUpdated> event) {
        ManifestUpdated answer = event.data();
        return transactions
                .run(() -> writes.findById(answer.requestId()).chain(write -> {
                    if (write == null) {
                        Log.infof("manifest-updated for unknown request %s: not ours, ignored", answer.requestId());
                        return Uni.createFrom().item(false);
                    }
                    return promotions.findById(write.promotionId).chain(promotion -> {
                        if (promotion == null
                                || !Promotion.WRITING.equals(promotion.status)
                                || PromotionWrite.WRITTEN.equals(write.status)) {
                            return Uni.createFrom().item(false); // a redelivery, or the promotion moved on
                        }
                        switch (answer.status()) {
                            case COMMITTED, NO_CHANGE -> {
                                write.status = PromotionWrite.WRITTEN;
                                write.commit = answer.commit();
                            }
                            case PR_OPENED -> {
                                write.status = PromotionWrite.PR_OPENED;
                                write.commit = answer.commit();
                                write.reason = answer.pullRequestUrl();
                                return audit.record(
                                                promotion,
                                                "pull-request-opened",
                                                Actor.SERVICE.name(),
                                                answer.pullRequestUrl())
                                        .replaceWith(false);
                            }
                            case FAILED -> {
                                write.status = PromotionWrite.FAILED;
                                write.reason = answer.reason();
                                return finish(
                                                promotion,
                                                Promotion.FAILED,
                                                Actor.SERVICE.name(),
                                                "gitops-writer could not write "
                                                        + answer.target().path() + ": " + answer.reason())
                                        .replaceWith(false);
                            }
                        }
                        return written(promotion);
                    });
                }))
                .chain(changed -> changed
                        ? advance(answer.promotionId())
                        : Uni.createFrom().voidItem());
    }

    /** In pull-request mode the write is done when the merge commit reaches the branch. */
    public Uni<Void> onCommitPushed(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        if (push.refType() != CommitPushed.RefType.BRANCH) {
            return Uni.createFrom().voidItem();
        }
        return transactions
                .run(() -> writes.awaitingMerge().chain(candidates -> {
                    List<String> merged = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (PromotionWrite write : candidates) {
                        PromotionRequested request = request(write);
                        if (request.target().writeMode() != GitOpsTarget.WriteMode.PULL_REQUEST
                                || !sameRepository(
                                        request.target().repositoryUrl(),
                                        push.repository().cloneUrl())
                                || !request.target().branch().equals(push.refName())
                                || !mentions(push, write, request)) {
                            continue;
                        }
                        merged.add(write.promotionId);
                        chain = chain.chain(() -> promotions
                                .findById(write.promotionId)
                                .chain(promotion -> {
                                    if (promotion == null || !Promotion.WRITING.equals(promotion.status)) {
                                        return Uni.createFrom().voidItem();
                                    }
                                    write.status = PromotionWrite.WRITTEN;
                                    write.commit = push.after();
                                    return audit.record(
                                                    promotion,
                                                    "pull-request-merged",
                                                    Actor.SERVICE.name(),
                                                    "merge commit " + push.after() + " on " + push.refName())
                                            .chain(() -> written(promotion))
                                            .replaceWithVoid();
                                }));
                    }
                    return chain.replaceWith(merged);
                }))
                .chain(merged -> {
                    Uni<Void> each = Uni.createFrom().voidItem();
                    for (String promotionId : merged.stream().distinct().toList()) {
                        each = each.chain(() -> advance(promotionId));
                    }
                    return each;
                });
    }

    private static boolean mentions(CommitPushed push, PromotionWrite write, PromotionRequested request) {
        String trailer = "Promotion-Id: " + request.promotionId();
        return push.commits().stream()
                .anyMatch(c -> c.message().contains(trailer) || (write.commit != null && c.id().equals(write.commit)));
    }

    private static boolean sameRepository(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return trimmed.endsWith(".git") ? trimmed.substring(0, trimmed.length() - 4) : trimmed;
    }

    /** Every write done: the stage now runs the Freight. */
    private Uni<Boolean> written(Promotion promotion) {
        return writes.byPromotion(promotion.id).chain(all -> {
            if (!all.stream().allMatch(w -> PromotionWrite.WRITTEN.equals(w.status))) {
                return Uni.createFrom().item(false);
            }
            promotion.status = Promotion.WRITTEN;
            promotion.writtenCommits =
                    all.stream().map(w -> w.commit).distinct().collect(Collectors.joining(","));
            promotion.updatedAt = now();
            return stages.getOrCreate(promotion.pipeline, promotion.stage)
                    .invoke(state -> {
                        state.freightId = promotion.freightId;
                        state.promotionId = promotion.id;
                        state.updatedAt = now();
                    })
                    .chain(() -> audit.record(
                            promotion, "written", Actor.SERVICE.name(), "commits " + promotion.writtenCommits))
                    .replaceWith(true);
        });
    }

    public Uni<Void> onAnalysisCompleted(EventEnvelope<AnalysisCompleted> event) {
        AnalysisCompleted analysis = event.data();
        return transactions
                .run(() -> analysisResults.findById(analysis.analysisRunId()).chain(seen -> {
                    if (seen != null) {
                        Log.infof("analysis %s was already answered: ignored", analysis.analysisRunId());
                        return Uni.createFrom().item(false);
                    }
                    return promotions.findById(analysis.promotionId()).chain(promotion -> {
                        if (promotion == null) {
                            return Uni.createFrom().item(false);
                        }
                        AnalysisResult result = new AnalysisResult();
                        result.analysisRunId = analysis.analysisRunId();
                        result.promotionId = promotion.id;
                        result.phase = analysis.phase().name();
                        result.receivedAt = now();
                        return analysisResults.persist(result).chain(() -> judge(promotion, analysis));
                    });
                }))
                .chain(succeeded -> succeeded
                        ? pipelines
                                .pipeline(analysis.project())
                                .map(this::reconcile)
                                .orElse(Uni.createFrom().voidItem())
                        : Uni.createFrom().voidItem());
    }

    /** The verdict of a run not seen before: it decides only a promotion verifying that Freight now. */
    private Uni<Boolean> judge(Promotion promotion, AnalysisCompleted analysis) {
        if (!Promotion.VERIFYING.equals(promotion.status) || !promotion.freightId.equals(analysis.freightId())) {
            Log.infof(
                    "analysis %s of promotion %s no longer applies: ignored",
                    analysis.analysisRunId(), analysis.promotionId());
            return Uni.createFrom().item(false);
        }
        String reason = "analysis run " + analysis.analysisRunId() + " " + analysis.phase()
                + (analysis.message().isEmpty() ? "" : ": " + analysis.message());
        if (analysis.phase() == AnalysisCompleted.Phase.SUCCESSFUL) {
            return verified(promotion, reason).replaceWith(true);
        }
        return verifications
                .deleteById(VerificationRepository.key(promotion.freightId, promotion.pipeline, promotion.stage))
                .chain(() -> finish(promotion, Promotion.FAILED, Actor.SERVICE.name(), reason))
                .replaceWith(false);
    }

    // --- the lifecycle ----------------------------------------------------------------------------------------

    /** Moves a promotion on as far as its stored state allows, then publishes what it owes. */
    public Uni<Void> advance(String promotionId) {
        return transactions
                .run(() -> promotions.findById(promotionId).chain(this::step))
                .chain(next -> switch (next) {
                    case AGAIN -> advance(promotionId);
                    case CHECK_HEALTH -> checkHealth(promotionId);
                    case RECONCILE -> publishOutstanding(promotionId).chain(() -> reconcileOf(promotionId));
                    case DONE -> publishOutstanding(promotionId);
                });
    }

    private enum Next {
        AGAIN,
        CHECK_HEALTH,
        RECONCILE,
        DONE
    }

    private Uni<Next> step(Promotion promotion) {
        if (promotion == null) {
            return Uni.createFrom().item(Next.DONE);
        }
        Optional<Pipeline> pipeline = pipelines.pipeline(promotion.pipeline);
        Optional<Stage> stage = pipeline.flatMap(p -> p.stage(promotion.stage));
        if (stage.isEmpty()) {
            if (promotion.active()) {
                return finish(promotion, Promotion.ABORTED, Actor.SERVICE.name(), "the stage is no longer declared")
                        .replaceWith(Next.DONE);
            }
            return Uni.createFrom().item(Next.DONE);
        }
        return switch (promotion.status) {
            case Promotion.PENDING -> startWriting(pipeline.get(), stage.get(), promotion);
            case Promotion.WRITTEN -> {
                promotion.updatedAt = now();
                if (stage.get().healthGate() != null) {
                    promotion.status = Promotion.HEALTH_CHECK;
                    promotion.healthDeadline =
                            now().plus(stage.get().healthGate().timeout());
                    yield audit.record(
                                    promotion,
                                    "health-check",
                                    Actor.SERVICE.name(),
                                    "waiting for Argo CD Application "
                                            + stage.get().healthGate().namespace() + "/"
                                            + stage.get().healthGate().name())
                            .replaceWith(Next.CHECK_HEALTH);
                }
                yield healthy(stage.get(), promotion, "no health gate");
            }
            case Promotion.HEALTH_CHECK -> Uni.createFrom().item(Next.CHECK_HEALTH);
            default -> Uni.createFrom().item(Next.DONE);
        };
    }

    private Uni<Next> startWriting(Pipeline pipeline, Stage stage, Promotion promotion) {
        return approvals.byPromotion(promotion.id).chain(decisions -> {
            long approved = decisions.stream()
                    .filter(a -> Approval.APPROVED.equals(a.decision))
                    .count();
            if (approved < stage.approvals().required()) {
                return Uni.createFrom().item(Next.DONE); // waits for approvers
            }
            String blocked = PromotionWindow.blockedBy(stage.windows(), Instant.now());
            if (blocked != null && !promotion.windowOverride) {
                return Uni.createFrom().item(Next.DONE); // waits for the window to open
            }
            return freight.findById(promotion.freightId).chain(chosen -> {
                List<Artifact> images = artifacts.of(chosen);
                Uni<Void> persisted = Uni.createFrom().voidItem();
                for (int i = 0; i < stage.targets().size(); i++) {
                    StageTarget target = stage.targets().get(i);
                    ImageRef image = images.stream()
                            .filter(a -> a.repository().equals(target.imageRepository()))
                            .findFirst()
                            .orElseThrow()
                            .image();
                    PromotionRequested request = new PromotionRequested(
                            promotion.id + "-" + i,
                            promotion.id,
                            pipeline.name(),
                            stage.name(),
                            chosen.id,
                            chosen.alias,
                            image,
                            chosen.sourceCommit,
                            target.target(),
                            promotion.requestedBy,
                            Instant.now());
                    PromotionWrite write = new PromotionWrite();
                    write.requestId = request.requestId();
                    write.promotionId = promotion.id;
                    write.targetIndex = i;
                    write.requestJson = new String(EventCodec.encode(request), StandardCharsets.UTF_8);
                    write.status = PromotionWrite.REQUESTED;
                    persisted = persisted.chain(() -> writes.persist(write).replaceWithVoid());
                }
                promotion.status = Promotion.WRITING;
                promotion.updatedAt = now();
                return persisted
                        .chain(() -> audit.record(
                                promotion,
                                "writing",
                                Actor.SERVICE.name(),
                                stage.targets().size() + " GitOps target(s) requested"))
                        .replaceWith(Next.DONE);
            });
        });
    }

    private Uni<Void> checkHealth(String promotionId) {
        return transactions.run(() -> promotions.findById(promotionId)).chain(promotion -> {
            if (promotion == null || !Promotion.HEALTH_CHECK.equals(promotion.status)) {
                return Uni.createFrom().voidItem();
            }
            Stage stage = pipelines
                    .pipeline(promotion.pipeline)
                    .flatMap(p -> p.stage(promotion.stage))
                    .orElse(null);
            if (stage == null || stage.healthGate() == null) {
                return advance(promotionId);
            }
            List<String> commits = Arrays.asList(promotion.writtenCommits.split(","));
            return health.check(stage.healthGate(), commits)
                    .chain(problem -> transactions
                            .run(() -> promotions.findById(promotionId).chain(fresh -> {
                                if (fresh == null || !Promotion.HEALTH_CHECK.equals(fresh.status)) {
                                    return Uni.createFrom().item(Next.DONE);
                                }
                                if (problem == null) {
                                    return healthy(stage, fresh, "Argo CD Application synced and Healthy");
                                }
                                if (now().isAfter(fresh.healthDeadline)) {
                                    return finish(
                                                    fresh,
                                                    Promotion.FAILED,
                                                    Actor.SERVICE.name(),
                                                    "not healthy within "
                                                            + stage.healthGate().timeout() + ": " + problem)
                                            .replaceWith(Next.DONE);
                                }
                                return Uni.createFrom().item(Next.DONE);
                            }))
                            .chain(next -> next == Next.RECONCILE
                                    ? publishOutstanding(promotionId).chain(() -> reconcileOf(promotionId))
                                    : publishOutstanding(promotionId)));
        });
    }

    /** Written and healthy: verification starts, or, without verification, the Freight is verified. */
    private Uni<Next> healthy(Stage stage, Promotion promotion, String why) {
        promotion.updatedAt = now();
        promotion.stagePromotedPublished = false;
        promotion.stagePromotedClaimedUntil = null;
        if (stage.verification().isEmpty()) {
            // published as well, for whoever follows the stage, but nothing waits for an answer
            return verified(promotion, why + "; the stage has no verification").replaceWith(Next.RECONCILE);
        }
        promotion.status = Promotion.VERIFYING;
        return audit.record(promotion, "verifying", Actor.SERVICE.name(), why).replaceWith(Next.DONE);
    }

    private Uni<Void> verified(Promotion promotion, String reason) {
        String key = VerificationRepository.key(promotion.freightId, promotion.pipeline, promotion.stage);
        return verifications
                .findById(key)
                .chain(existing -> {
                    if (existing != null) {
                        existing.verifiedAt = now();
                        existing.promotionId = promotion.id;
                        return Uni.createFrom().voidItem();
                    }
                    FreightVerification verification = new FreightVerification();
                    verification.id = key;
                    verification.freightId = promotion.freightId;
                    verification.pipeline = promotion.pipeline;
                    verification.stage = promotion.stage;
                    verification.promotionId = promotion.id;
                    verification.verifiedAt = now();
                    return verifications.persist(verification).replaceWithVoid();
                })
                .chain(() -> finish(promotion, Promotion.SUCCEEDED, Actor.SERVICE.name(), reason));
    }

    private Uni<Void> finish(Promotion promotion, String status, String actor, String reason) {
        String from = promotion.status;
        promotion.status = status;
        promotion.reason = reason;
        promotion.updatedAt = now();
        Log.infof(
                "promotion %s of %s/%s: %s → %s (%s)",
                promotion.id, promotion.pipeline, promotion.stage, from, status, reason);
        return audit.record(promotion, status.toLowerCase(java.util.Locale.ROOT), actor, reason);
    }

    /**
     * Publishes the promotion's requests and its stage-promoted until Kafka acknowledged them. Each is claimed first
     * (a lease on its row, taken under optimistic locking), so of several instances reconciling at once only one
     * publishes it; a claim whose holder died before Kafka acknowledged runs out and the next pass publishes again.
     */
    public Uni<Void> publishOutstanding(String promotionId) {
        return transactions.run(() -> claim(promotionId)).chain(claimed -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            Promotion promotion = claimed.promotion();
            if (promotion == null) {
                return chain;
            }
            for (PromotionWrite write : claimed.writes()) {
                chain = chain.chain(() -> publisher.promotionRequested(request(write), promotion.correlationId))
                        .chain(() -> transactions.run(() -> writes.findById(write.requestId)
                                .invoke(stored -> {
                                    if (write.publishClaimedUntil.isEqual(stored.publishClaimedUntil)) {
                                        stored.published = true;
                                    }
                                })))
                        .replaceWithVoid();
            }
            if (claimed.stagePromoted() != null) {
                OffsetDateTime claim = claimed.stagePromoted();
                chain = chain.chain(() -> stagePromoted(promotion))
                        .chain(event -> publisher.stagePromoted(event, promotion.correlationId))
                        .chain(() -> transactions.run(() -> promotions
                                .findById(promotionId)
                                .invoke(stored -> {
                                    // a reverify meanwhile asks for a new stage-promoted: this one was the old one
                                    if (stored.stagePromotedClaimedUntil != null
                                            && claim.isEqual(stored.stagePromotedClaimedUntil)) {
                                        stored.stagePromotedPublished = true;
                                    }
                                })))
                        .replaceWithVoid();
            }
            return chain;
        });
    }

    /** Claims what the promotion owes Kafka and nobody else is publishing now. */
    private Uni<Claimed> claim(String promotionId) {
        return promotions.findById(promotionId).chain(promotion -> {
            if (promotion == null) {
                return Uni.createFrom().item(new Claimed(null, List.of(), null));
            }
            OffsetDateTime now = now();
            // microseconds, as the database keeps it: the holder recognises its claim by this value
            OffsetDateTime until = now.plus(config.publishLease()).truncatedTo(ChronoUnit.MICROS);
            return writes.byPromotion(promotionId).map(all -> {
                List<PromotionWrite> claimed = new ArrayList<>();
                if (Promotion.WRITING.equals(promotion.status)) {
                    for (PromotionWrite write : all) {
                        if (!write.published && free(write.publishClaimedUntil, now)) {
                            write.publishClaimedUntil = until;
                            claimed.add(write);
                        }
                    }
                }
                boolean promoted = Promotion.VERIFYING.equals(promotion.status)
                        || (Promotion.SUCCEEDED.equals(promotion.status) && promotion.writtenCommits != null);
                OffsetDateTime stagePromoted = null;
                if (promoted && !promotion.stagePromotedPublished && free(promotion.stagePromotedClaimedUntil, now)) {
                    promotion.stagePromotedClaimedUntil = until;
                    stagePromoted = until;
                }
                return new Claimed(promotion, claimed, stagePromoted);
            });
        });
    }

    private static boolean free(OffsetDateTime claimedUntil, OffsetDateTime now) {
        return claimedUntil == null || claimedUntil.isBefore(now);
    }

    /** What this instance claimed to publish: requests, and the stage-promoted's claim (null: none). */
    private record Claimed(Promotion promotion, List<PromotionWrite> writes, OffsetDateTime stagePromoted) {}

    private Uni<StagePromoted> stagePromoted(Promotion promotion) {
        Stage stage = pipelines
                .pipeline(promotion.pipeline)
                .flatMap(p -> p.stage(promotion.stage))
                .orElseThrow();
        return transactions
                .run(() -> freight.findById(promotion.freightId))
                .map(chosen -> new StagePromoted(
                        promotion.id,
                        promotion.pipeline,
                        promotion.stage,
                        chosen.id,
                        chosen.alias,
                        artifacts.of(chosen).stream().map(Artifact::image).toList(),
                        chosen.sourceCommit,
                        Arrays.asList(promotion.writtenCommits.split(",")),
                        stage.verification(),
                        Instant.now()));
    }

    // --- reconciliation ---------------------------------------------------------------------------------------

    /** Auto-promotes the pipeline's stages in order and moves every active promotion on. */
    public Uni<Void> reconcile(Pipeline pipeline) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Stage stage : pipeline.stages()) {
            chain = chain.chain(() -> autoPromote(pipeline, stage).onFailure().recoverWithItem(failure -> {
                Log.warnf("auto-promotion of %s/%s failed: %s", pipeline.name(), stage.name(), failure.getMessage());
                return null;
            }));
        }
        return chain;
    }

    /** One pass over everything: what events could not finish (a lost publish, a health gate, a window). */
    public Uni<Void> reconcileAll() {
        Uni<Void> chain = transactions.run(promotions::allActive).chain(active -> {
            Uni<Void> each = Uni.createFrom().voidItem();
            for (Promotion promotion : active) {
                each = each.chain(() -> advance(promotion.id).onFailure().recoverWithItem(failure -> {
                    Log.warnf("promotion %s could not advance: %s", promotion.id, failure.getMessage());
                    return null;
                }));
            }
            return each;
        });
        chain = chain.chain(() -> transactions.run(promotions::stagePromotedUnpublished))
                .chain(unpublished -> {
                    Uni<Void> each = Uni.createFrom().voidItem();
                    for (Promotion promotion : unpublished) {
                        each = each.chain(() -> publishOutstanding(promotion.id));
                    }
                    return each;
                });
        for (Pipeline pipeline : pipelines.pipelines()) {
            chain = chain.chain(() -> reconcile(pipeline));
        }
        return chain;
    }

    private Uni<Void> reconcileOf(String promotionId) {
        return transactions
                .run(() -> promotions.findById(promotionId))
                .chain(promotion -> promotion == null
                        ? Uni.createFrom().voidItem()
                        : pipelines
                                .pipeline(promotion.pipeline)
                                .map(this::reconcile)
                                .orElse(Uni.createFrom().voidItem()));
    }

    // --- availability -----------------------------------------------------------------------------------------

    /** The Freight a stage may promote: the Warehouse's, or what upstream verified at least the soak time ago. */
    public Uni<List<Freight>> available(Pipeline pipeline, Stage stage) {
        return freight.byPipeline(pipeline.name()).chain(all -> {
            if (stage.fromWarehouse()) {
                return Uni.createFrom().item(all);
            }
            return verifications.byPipeline(pipeline.name()).map(verified -> {
                OffsetDateTime soaked = now().minus(stage.soak());
                Set<String> ids = verified.stream()
                        .filter(v -> stage.upstream().contains(v.stage) && !v.verifiedAt.isAfter(soaked))
                        .map(v -> v.freightId)
                        .collect(Collectors.toSet());
                return all.stream().filter(f -> ids.contains(f.id)).toList();
            });
        });
    }

    /** The newest of {@code candidates} by the Warehouse's first subscription. */
    public Optional<Freight> newest(Pipeline pipeline, List<Freight> candidates) {
        return ranking.newest(pipeline, candidates);
    }

    // --- lookups ----------------------------------------------------------------------------------------------

    private Pipeline pipeline(String name) {
        return pipelines.pipeline(name).orElseThrow(() -> PromotionException.notFound("no pipeline " + name));
    }

    private static Stage stage(Pipeline pipeline, String name) {
        return pipeline.stage(name)
                .orElseThrow(
                        () -> PromotionException.notFound("pipeline " + pipeline.name() + " has no stage " + name));
    }

    private Uni<Promotion> promotion(String id) {
        return promotions.findById(id).map(found -> {
            if (found == null) {
                throw PromotionException.notFound("no promotion " + id);
            }
            return found;
        });
    }

    private void requirePromoter(Actor actor) {
        if (!actor.has(config.promoterRole())) {
            throw PromotionException.forbidden(actor.name() + " does not hold role " + config.promoterRole());
        }
    }

    private static PromotionRequested request(PromotionWrite write) {
        return EventCodec.decode(EventType.PROMOTION_REQUESTED, write.requestJson.getBytes(StandardCharsets.UTF_8));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
