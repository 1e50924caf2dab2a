package io.gitopsflow.promotion;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a promotion's lifecycle stands, and which phase may follow which: the one place the state machine is written
 * down. Stored by its name (the {@code promotion.status} column keeps these strings).
 *
 * <pre>
 * PENDING → WRITING → WRITTEN → HEALTH_CHECK → VERIFYING → SUCCEEDED
 *    │         │         │   └─────────┴──────────┴──────→ (no gate / no verification: straight on)
 *    │         └─ FAILED (gitops-writer could not write); HEALTH_CHECK, VERIFYING → FAILED (timeout, analysis)
 *    └─ REJECTED (a reviewer); every active phase → ABORTED (a person, or its stage is no longer declared)
 * SUCCEEDED, FAILED, ABORTED → VERIFYING: a reverify of what the stage runs
 * </pre>
 */
public enum PromotionPhase {
    /** Waits for its approvals, or for a promotion window to open. */
    PENDING,
    /** promotion-requested published: waits for gitops-writer's answer (and a pull request's merge). */
    WRITING,
    /** Every GitOps target written: the stage runs the Freight. */
    WRITTEN,
    /** Waits for the Argo CD Application to be synced to the written commit and Healthy. */
    HEALTH_CHECK,
    /** stage-promoted published: waits for the analysis. */
    VERIFYING,
    /** The Freight is verified in the stage. */
    SUCCEEDED,
    FAILED,
    ABORTED,
    /** Refused by a reviewer holding the stage's role: nothing was written. */
    REJECTED;

    /** The phases of a running promotion: one at a time per stage. */
    public static final Set<PromotionPhase> ACTIVE = EnumSet.of(PENDING, WRITING, WRITTEN, HEALTH_CHECK, VERIFYING);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    /** The phases this one may move to. */
    public Set<PromotionPhase> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(WRITING, REJECTED, ABORTED);
            case WRITING -> EnumSet.of(WRITTEN, FAILED, ABORTED);
            case WRITTEN -> EnumSet.of(HEALTH_CHECK, VERIFYING, SUCCEEDED, ABORTED);
            case HEALTH_CHECK -> EnumSet.of(VERIFYING, SUCCEEDED, FAILED, ABORTED);
            case VERIFYING -> EnumSet.of(SUCCEEDED, FAILED, ABORTED);
            // a reverify: the stage still runs what this promotion wrote
            case SUCCEEDED, FAILED, ABORTED -> EnumSet.of(VERIFYING);
            case REJECTED -> EnumSet.noneOf(PromotionPhase.class);
        };
    }

    public boolean canMoveTo(PromotionPhase target) {
        return next().contains(target);
    }

    /** {@code target}, when this phase may move to it; a refused change is a defect of the caller, never data. */
    public PromotionPhase moveTo(PromotionPhase target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a promotion cannot move from " + this + " to " + target);
        }
        return target;
    }
}
