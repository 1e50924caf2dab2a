package io.gitopsflow.console.api;

import java.time.Instant;

/**
 * A pipeline the console knows: declared (a {@code pipeline-configured} was seen) or only met in Freight and
 * promotions, so a pipeline whose definition has not arrived yet is listed too.
 *
 * @param name the pipeline (project)
 * @param warehouse its Warehouse: from the definition, else from its newest Freight; null when neither is known
 * @param stageCount its stages: declared, else seen in promotions
 * @param configured whether its definition is known (and it is not removed)
 * @param removed whether its definition said it is no longer declared
 * @param lastActivity its newest change: definition, Freight or promotion; null when none
 */
public record PipelineSummary(
        String name, String warehouse, int stageCount, boolean configured, boolean removed, Instant lastActivity) {}
