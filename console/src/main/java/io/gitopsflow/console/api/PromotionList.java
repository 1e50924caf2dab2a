package io.gitopsflow.console.api;

import java.util.List;

/**
 * A page of a pipeline's promotions, newest first (by creation), for the Promotion pages and {@code get promotions}.
 *
 * @param pipeline the pipeline
 * @param stage the stage the list is limited to, or null for every stage
 * @param promotions the promotions of this page, newest first
 * @param nextCursor the {@code before} value of the next page (older promotions), or null on the last page
 */
public record PromotionList(String pipeline, String stage, List<PromotionEntry> promotions, String nextCursor) {}
