package io.gitopsflow.buildworker.repository;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.BuildStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;

/** The build table as the services read and change it: one row per (commit, ref), found by push, branch or id. */
@ApplicationScoped
public class BuildRepository implements PanacheRepositoryBase<Build, String> {

    /** The row of one (commit, ref) of a repository, or null. */
    public Uni<Build> findForPush(String repository, String commit, String ref) {
        return find("repository = ?1 and commit = ?2 and ref = ?3", repository, commit, ref)
                .firstResult();
    }

    /** n of the next {@code <branch>-<sha7>-<n>}: one more than the rows of the branch so far (push order). */
    public Uni<Long> nextBuildNumber(String repository, String branch) {
        return count("repository = ?1 and branch = ?2", repository, branch).map(count -> count + 1);
    }

    /** The queued builds of a branch other than {@code exceptId}: the ones a newer commit supersedes. */
    public Uni<List<Build>> queuedOfBranch(String repository, String branch, String exceptId) {
        return list(
                "repository = ?1 and branch = ?2 and status = ?3 and id <> ?4",
                repository,
                branch,
                BuildStatus.QUEUED,
                exceptId);
    }

    /** The row, locked for the caller's transaction; null when there is none. */
    public Uni<Build> findForUpdate(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** A build of the same commit for another ref that has an image, or null. */
    public Uni<Build> builtSibling(Build build) {
        return find(
                        "repository = ?1 and commit = ?2 and status = ?3 and digest is not null and id <> ?4"
                                + " order by createdAt",
                        build.repository,
                        build.commit,
                        BuildStatus.SUCCEEDED,
                        build.id)
                .firstResult();
    }

    /** The newest builds, at most {@code limit}, of one repository when {@code repository} is given. */
    public Uni<List<Build>> newest(String repository, int limit) {
        Sort newestFirst = Sort.descending("createdAt");
        return (repository == null ? findAll(newestFirst) : find("repository", newestFirst, repository))
                .page(0, limit)
                .list();
    }

    /** The builds of {@code commit} (of one repository when {@code repository} is given), newest first. */
    public Uni<List<Build>> ofCommit(String repository, String commit, int limit) {
        Sort newestFirst = Sort.descending("createdAt");
        return (repository == null
                        ? find("commit", newestFirst, commit)
                        : find("repository = ?1 and commit = ?2", newestFirst, repository, commit))
                .page(0, limit)
                .list();
    }

    /** The rows of {@code ids} that exist, in no particular order. */
    public Uni<List<Build>> findByIds(Collection<String> ids) {
        return list("id in ?1", List.copyOf(ids));
    }
}
