package io.gitopsflow.console.api;

/**
 * A pushed commit whose SHA starts with what a person searched for: enough to tell it from the others.
 *
 * @param commit the full SHA
 * @param header the commit as its push brought it
 */
public record CommitMatch(String commit, CommitHeader header) {}
