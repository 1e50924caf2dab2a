package io.gitopsflow.events;

import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.ResourceNames;

/**
 * The commit of an application repository that an artifact was built from.
 *
 * @param repository repository full name, e.g. {@code acme/books-api}
 * @param cloneUrl URL to clone it from, or null when unknown
 * @param commit the full commit SHA
 * @param ref the full ref that was pushed, e.g. {@code refs/heads/main}, or null when unknown
 */
public record SourceCommit(String repository, String cloneUrl, String commit, String ref) {

    public SourceCommit {
        ResourceNames.requireRepositoryFullName(Require.text(repository, "source.repository"));
        Require.gitSha(commit, "source.commit");
        if (ref != null) {
            GitRefNames.requireFullRef(ref);
        }
    }
}
