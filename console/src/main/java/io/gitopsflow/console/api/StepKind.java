package io.gitopsflow.console.api;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a step of a commit's timeline is: a stable name a client can switch on (the JSON value), one per fact of the
 * flow. A new kind of step is a new constant here and a describer that gives it; existing names never change.
 */
public enum StepKind {
    COMMIT_PUSHED("commit-pushed"),
    BUILD_QUEUED("build-queued"),
    BUILD_STARTED("build-started"),
    BUILD_FINISHED("build-finished"),
    BUILD_FAILED("build-failed"),
    IMAGE_PUBLISHED("image-published"),
    CHART_PUBLISHED("chart-published"),
    FREIGHT_CREATED("freight-created"),
    PROMOTION_CREATED("promotion-created"),
    PROMOTION_REQUESTED("promotion-requested"),
    PROMOTION_PHASE_CHANGED("promotion-phase-changed"),
    PROMOTION_APPROVED("promotion-approved"),
    PROMOTION_REJECTED("promotion-rejected"),
    WINDOW_OVERRIDDEN("window-overridden"),
    HOLD_SET("hold-set"),
    HOLD_RELEASED("hold-released"),
    GITOPS_COMMIT("gitops-commit"),
    PULL_REQUEST_OPENED("pull-request-opened"),
    GITOPS_WRITE_FAILED("gitops-write-failed"),
    STAGE_PROMOTED("stage-promoted"),
    ANALYSIS_COMPLETED("analysis-completed"),
    /** An event the console stored but cannot describe (a type it has no describer for, or data it cannot read). */
    OTHER("other");

    private final String value;

    StepKind(String value) {
        this.value = value;
    }

    /** The name clients see. */
    @JsonValue
    public String value() {
        return value;
    }
}
