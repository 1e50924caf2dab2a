package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline's board, as Kargo's UI draws it: the Warehouse with its newest Freight, then the stages in pipeline
 * order, each with what runs there and what waits.
 *
 * @param pipeline the pipeline (project)
 * @param configured whether its definition is known (else the stages are those seen in promotions)
 * @param removed whether its definition said it is no longer declared
 * @param file the pipeline file it is declared in, or null
 * @param configuredAt when its definition took force, or null
 * @param warehouse its Warehouse
 * @param stages its stages in pipeline order (declared order; else order of their first promotion)
 */
public record Board(
        String pipeline,
        boolean configured,
        boolean removed,
        String file,
        Instant configuredAt,
        Warehouse warehouse,
        List<StageBoard> stages) {

    /**
     * Where the pipeline's Freight comes from.
     *
     * @param name the Warehouse's name, or null when neither definition nor Freight names it
     * @param subscriptions the image repositories it subscribes to (from the definition)
     * @param newestFreight its newest Freight, or null when it has made none yet
     */
    public record Warehouse(String name, List<String> subscriptions, FreightSummary newestFreight) {}
}
