package io.gitopsflow.writer.service;

/**
 * This instance, as the owner of the leases on the batches it writes: the runner claims with it, and a batch's answers
 * are stored only while it still holds the batch.
 *
 * @param name e.g. {@code gitops-writer-0-3f2a...}
 */
public record WriteLeaseOwner(String name) {}
