package io.gitopsflow.writer.git;

import java.util.List;

/**
 * Edits files of a freshly fetched work tree and says what it changed. It runs again, from scratch, on every retry
 * after another writer moved the branch, so it must compute its edit from the files it finds, never from a cached
 * state: that is what makes a redelivered request a no-change.
 *
 * @param <C> what the caller records per change, e.g. the file, the old and the new value
 */
@FunctionalInterface
public interface Applier<C> {

    /**
     * Applies the changes to {@code workTree}.
     *
     * @return the changes made; empty when the files already say what they should (then nothing is committed)
     * @throws Exception when a change cannot be made; the write fails with {@link WriteFailure#APPLIER_FAILED} (or
     *     {@link WriteFailure#INVALID_REQUEST} for an {@link io.gitopsflow.events.validation.InvalidNameException}),
     *     with the exception's message as the reason, and is not retried
     */
    List<C> apply(WorkTree workTree) throws Exception;
}
