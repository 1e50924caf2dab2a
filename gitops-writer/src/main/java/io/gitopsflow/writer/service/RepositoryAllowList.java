package io.gitopsflow.writer.service;

import io.gitopsflow.events.git.RepositoryUrls;
import java.util.List;

/**
 * The GitOps repositories gitops-writer may write to ({@code gitops-flow.writer.allowed-repositories}): clone URLs,
 * matched as {@link RepositoryUrls#allowedBy} does, or prefixes ending in '/' (an organization).
 */
public final class RepositoryAllowList {

    private final List<String> entries;

    public RepositoryAllowList(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Whether a request may write to {@code repositoryUrl}. */
    public boolean allows(String repositoryUrl) {
        return entries.stream().anyMatch(entry -> RepositoryUrls.allowedBy(repositoryUrl, entry));
    }
}
