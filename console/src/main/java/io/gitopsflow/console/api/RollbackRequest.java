package io.gitopsflow.console.api;

/**
 * A rollback: the promotion of an older Freight into a stage, which promotion-service records as a rollback (and
 * which holds the stage's auto-promotion).
 *
 * @param freight the older Freight's id or alias
 * @param reason why (recorded by promotion-service)
 */
public record RollbackRequest(String freight, String reason) {}
