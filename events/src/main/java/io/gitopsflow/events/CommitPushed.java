package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;
import java.util.List;

/**
 * A branch or tag was pushed to a Git repository; every provider's push webhook is normalized into this record.
 *
 * @param deliveryId the provider's delivery id, the same for every redelivery of one webhook
 * @param provider the Git hosting provider that sent it
 * @param repository the repository that was pushed to
 * @param ref the full ref, e.g. {@code refs/heads/main} or {@code refs/tags/v1.2.0}
 * @param refType whether a branch or a tag was pushed
 * @param refName the short name of the ref, e.g. {@code main} or {@code v1.2.0}
 * @param before the ref's commit before the push (all zeros when the ref was created)
 * @param after the ref's commit after the push: the head commit
 * @param commits the pushed commits as the provider listed them, oldest first
 * @param commitsTruncated true when the provider listed fewer commits than were pushed (Gitea lists at most 5,
 *     GitLab at most 20), so a path filter cannot see every changed file
 * @param totalCommits how many commits the push carried, listed or not
 * @param pusher who pushed
 * @param receivedAt when event-gateway received the webhook
 */
public record CommitPushed(
        String deliveryId,
        GitProvider provider,
        GitRepository repository,
        String ref,
        RefType refType,
        String refName,
        String before,
        String after,
        List<Commit> commits,
        boolean commitsTruncated,
        int totalCommits,
        GitIdentity pusher,
        Instant receivedAt)
        implements GitopsFlowEvent {

    public CommitPushed {
        Require.text(deliveryId, "deliveryId");
        Require.present(provider, "provider");
        Require.present(repository, "repository");
        GitRefNames.requireFullRef(Require.text(ref, "ref"));
        Require.present(refType, "refType");
        Require.text(refName, "refName");
        Require.gitSha(before, "before");
        Require.gitSha(after, "after");
        commits = Require.list(commits);
        Require.notNegative(totalCommits, "totalCommits");
        Require.present(receivedAt, "receivedAt");
    }

    @Override
    public String partitionKey() {
        return repository.fullName();
    }

    @Override
    public String subject() {
        return repository.fullName();
    }

    /** The commit the ref points to after the push, when the provider listed it. */
    public java.util.Optional<Commit> headCommit() {
        return commits.stream().filter(c -> c.id().equals(after)).findFirst();
    }

    /** Git hosting providers that send push webhooks. */
    public enum GitProvider {
        @JsonProperty("github")
        GITHUB,
        @JsonProperty("gitea")
        GITEA,
        @JsonProperty("gitlab")
        GITLAB,
        /** Bitbucket Cloud (bitbucket.org). */
        @JsonProperty("bitbucket")
        BITBUCKET,
        /** Bitbucket Data Center (formerly Bitbucket Server), self-hosted. */
        @JsonProperty("bitbucket-server")
        BITBUCKET_SERVER,
        /** Pushed through the generic CloudEvents endpoint. */
        @JsonProperty("generic")
        GENERIC
    }

    /** What kind of ref was pushed. */
    public enum RefType {
        @JsonProperty("branch")
        BRANCH,
        @JsonProperty("tag")
        TAG
    }

    /**
     * A Git repository as the provider names it.
     *
     * @param fullName owner and name, e.g. {@code acme/books-api} (GitLab: the path with namespace)
     * @param cloneUrl the HTTPS URL to clone it from
     * @param webUrl the repository's page, or null
     * @param defaultBranch the default branch, or null when the provider does not say
     */
    public record GitRepository(String fullName, String cloneUrl, String webUrl, String defaultBranch) {

        public GitRepository {
            ResourceNames.requireRepositoryFullName(Require.text(fullName, "repository.fullName"));
            Require.text(cloneUrl, "repository.cloneUrl");
        }
    }

    /**
     * A person as Git records them.
     *
     * @param name the name, or the login where the provider gives only that
     * @param email the e-mail address, or null
     */
    public record GitIdentity(String name, String email) {

        public GitIdentity {
            Require.present(name, "name");
        }
    }

    /**
     * One pushed commit.
     *
     * @param id the full commit SHA
     * @param message the full commit message
     * @param timestamp the author date
     * @param author the author
     * @param url the commit's page, or null
     * @param added files added, repository-relative
     * @param modified files modified
     * @param removed files removed
     */
    public record Commit(
            String id,
            String message,
            Instant timestamp,
            GitIdentity author,
            String url,
            List<String> added,
            List<String> modified,
            List<String> removed) {

        public Commit {
            Require.gitSha(id, "commits[].id");
            message = message == null ? "" : message;
            added = Require.list(added);
            modified = Require.list(modified);
            removed = Require.list(removed);
        }
    }
}
