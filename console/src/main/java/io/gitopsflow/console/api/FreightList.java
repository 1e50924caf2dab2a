package io.gitopsflow.console.api;

import java.util.List;

/**
 * A page of a pipeline's Freight, newest first, for the Freight page and {@code get freight}: each Freight with its
 * state in every stage, so a reader sees where it runs, where it failed and where promoting it would be a rollback.
 *
 * @param pipeline the pipeline
 * @param stages the pipeline's stages in pipeline order: the order of each Freight's {@code stages}
 * @param freight the Freight of this page, newest first
 * @param nextCursor the {@code before} value of the next page (older Freight), or null on the last page
 */
public record FreightList(String pipeline, List<String> stages, List<FreightEntry> freight, String nextCursor) {}
