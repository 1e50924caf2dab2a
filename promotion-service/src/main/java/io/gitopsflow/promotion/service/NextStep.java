package io.gitopsflow.promotion.service;

/** What the lifecycle does after one decision was stored. */
enum NextStep {
    /** The promotion moved on and may move further: decide again. */
    AGAIN,
    /** The promotion waits on its health gate: ask Argo CD (outside the transaction). */
    CHECK_HEALTH,
    /** The stage verified its Freight: downstream stages may auto-promote it. */
    VERIFIED,
    /** Nothing more to decide now: publish what the promotion owes. */
    DONE
}
