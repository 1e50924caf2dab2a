package io.gitopsflow.writer.git;

import java.util.List;

/**
 * Writes the commit message for the changes an {@link Applier} made, which can differ between attempts (another writer
 * may have changed an old value), see {@link CommitMessages}.
 *
 * @param <C> the applier's change type
 */
@FunctionalInterface
public interface CommitMessage<C> {

    /** The message for {@code changes} (never empty). */
    String forChanges(List<C> changes);
}
