package io.gitopsflow.buildworker.chart;

import io.gitopsflow.buildworker.tags.ImageTags;
import io.gitopsflow.events.CommitPushed;
import java.util.Optional;

/**
 * The version a release tag names: only a tag {@code vX.Y.Z} (SemVer 2.0, pre-release and build metadata allowed)
 * packages a chart, so a chart version always names a release of the application.
 */
public final class ReleaseVersion {

    private ReleaseVersion() {}

    /** {@code X.Y.Z...} of a push of the tag {@code vX.Y.Z...}; empty for a branch or any other tag. */
    public static Optional<String> of(CommitPushed push) {
        if (push.refType() != CommitPushed.RefType.TAG) {
            return Optional.empty();
        }
        return of(push.refName());
    }

    /** {@code X.Y.Z...} of the tag name {@code vX.Y.Z...}; empty when it is no such tag. */
    public static Optional<String> of(String tagName) {
        // the grammar the image's X.Y.Z tag is read with: strict, so 1.2 or 01.2.3 are no release versions
        return ImageTags.releaseVersion(tagName);
    }
}
