package io.gitopsflow.console.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a step of a commit's timeline went, for a client to colour it. */
public enum StepOutcome {
    /** The work the step ends went well: a build, a write, a promotion, a verification, an approval. */
    SUCCEEDED("succeeded"),
    /** It went wrong, or a person refused it; the summary and details say why. */
    FAILED("failed"),
    /** The work it started has not ended yet (no later step of the timeline ends it). */
    RUNNING("running"),
    /** A fact with no outcome of its own: a push, a queueing, an image, a Freight, a hold. */
    INFO("info");

    private final String value;

    StepOutcome(String value) {
        this.value = value;
    }

    /** The name clients see. */
    @JsonValue
    public String value() {
        return value;
    }
}
