package io.gitopsflow.console.service;

import java.util.List;

/**
 * What one poll did to the read model.
 *
 * @param projected the events applied for the first time, in order
 * @param duplicates how many were already in the read model (a redelivery changes nothing)
 * @param poison the records refused, for the dead-letter topics
 */
public record ProjectionResult(List<ProjectedEvent> projected, int duplicates, List<PoisonEvent> poison) {}
