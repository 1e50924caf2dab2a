package io.gitopsflow.console.api;

import java.util.List;

/**
 * Every step of one commit's way, from its webhook to the last stage, in the order they happened.
 *
 * @param commit the commit SHA
 * @param header the commit as its push brought it; null when the console saw no push of it (an image built elsewhere
 *     that names it, or a push older than the topics' retention before the read model existed)
 * @param steps the steps, oldest first
 */
public record CommitTimeline(String commit, CommitHeader header, List<TimelineStep> steps) {}
