package io.gitopsflow.local.chaos;

import io.gitopsflow.local.LocalStack;
import java.util.List;

/**
 * Where the audit reads: one base URL of each service whose state lives in its database (any instance answers the
 * same), every console instance (each keeps the history it shows, and they must agree), and the pipeline.
 */
record Endpoints(
        String buildWorker,
        String promotionService,
        String analysisService,
        List<String> consoles,
        String pipeline,
        String applicationRepository) {

    Endpoints {
        consoles = List.copyOf(consoles);
        if (consoles.isEmpty()) {
            throw new IllegalArgumentException("at least one console URL");
        }
    }

    static Endpoints of(LocalStack stack, List<String> consoleUrls) {
        return new Endpoints(
                stack.url("build-worker"),
                stack.url("promotion-service"),
                stack.url("analysis-service"),
                consoleUrls,
                LocalStack.PIPELINE,
                LocalStack.APPLICATION);
    }
}
