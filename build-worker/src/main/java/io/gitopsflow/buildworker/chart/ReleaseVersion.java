package io.gitopsflow.buildworker.chart;

import io.gitopsflow.events.CommitPushed;
import java.util.Optional;
import org.semver4j.Semver;

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
        if (tagName == null || !tagName.startsWith("v")) {
            return Optional.empty();
        }
        String version = tagName.substring(1);
        // strict: 1.2 or 01.2.3 are no release versions
        Semver semver = Semver.parse(version);
        return semver != null && semver.getVersion().equals(version) ? Optional.of(version) : Optional.empty();
    }
}
