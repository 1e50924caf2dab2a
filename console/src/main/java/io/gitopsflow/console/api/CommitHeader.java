package io.gitopsflow.console.api;

import java.time.Instant;

/**
 * The commit a timeline follows, as its push brought it.
 *
 * @param repository the application repository's full name
 * @param ref the ref that was pushed, e.g. {@code refs/heads/main}
 * @param author the author's name, or null when the provider did not list the commit
 * @param message the full commit message, or null when the provider did not list the commit
 * @param committedAt the author date, or null when not known
 * @param receivedAt when the webhook delivery was received
 */
public record CommitHeader(
        String repository, String ref, String author, String message, Instant committedAt, Instant receivedAt) {}
