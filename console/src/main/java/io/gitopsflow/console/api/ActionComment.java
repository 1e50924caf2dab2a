package io.gitopsflow.console.api;

/**
 * The comment of an action or a decision (reverify, approve, reject, abort), forwarded to promotion-service.
 *
 * @param comment why (recorded by promotion-service)
 */
public record ActionComment(String comment) {}
