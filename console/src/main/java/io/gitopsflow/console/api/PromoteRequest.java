package io.gitopsflow.console.api;

/**
 * A promotion request, forwarded to promotion-service as it came.
 *
 * @param freight the Freight's id or its alias (adjective-animal)
 * @param reason why (recorded by promotion-service)
 * @param overrideWindow promote although a promotion window blocks it (promotion-service checks the role)
 */
public record PromoteRequest(String freight, String reason, boolean overrideWindow) {}
