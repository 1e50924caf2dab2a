package io.gitopsflow.promotion.api;

import java.util.List;

/** A promotion with its writes and its reviewers' decisions. */
public record PromotionView(PromotionSummary promotion, List<WriteSummary> writes, List<ApprovalSummary> approvals) {}
