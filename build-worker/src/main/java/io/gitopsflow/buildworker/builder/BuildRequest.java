package io.gitopsflow.buildworker.builder;

import io.gitopsflow.buildworker.spec.BuildSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * One image to build: the commit as the worker checked it out, its build spec, and the tags to push.
 *
 * @param buildId the build's id, e.g. {@code b-<uuid>}; names what a builder creates for it
 * @param cloneUrl the repository's HTTP(S) clone URL, without credentials
 * @param ref the full ref that was pushed, e.g. {@code refs/heads/main}
 * @param commit the full commit SHA to build
 * @param checkout the commit's work tree on this worker
 * @param spec how to build it
 * @param tags the tags to push, at least one
 */
public record BuildRequest(
        String buildId, String cloneUrl, String ref, String commit, Path checkout, BuildSpec spec, List<String> tags) {

    public BuildRequest {
        tags = List.copyOf(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("at least one tag is needed");
        }
    }
}
