package io.gitopsflow.writer.git;

import io.gitopsflow.writer.git.RemoteBranches.Heads;
import io.gitopsflow.writer.git.WriteResult.Committed;
import io.gitopsflow.writer.git.WriteResult.Failed;
import io.gitopsflow.writer.git.WriteResult.NoChange;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;

/**
 * Commits and pushes to GitOps repositories through local clones kept in one folder.
 *
 * <p>There is one clone per repository and base branch ({@link LocalClones}), which is also the Kafka key of {@code
 * promotion-requested}, so the number of clones stays bounded even with one pull-request branch per Freight. A lock per
 * clone serializes writers inside the process (across processes, the shared queue's claim of a target key does).
 * Every write fetches, resets to the remote head, runs the {@link Applier},
 * and commits and pushes only when files changed ({@link WriteAttempt}).
 *
 * <p>Clones stay open between writes, and the work tree is never read as a whole after its first check-out: the
 * applier reaches files only through {@link WorkTree#resolve}, so the paths it resolved are all that is staged, and
 * when the remote head is the commit this process left the clone at (it pushed it, or found nothing to change) the
 * reset is skipped. Anything else — another writer's commit, a write that stopped midway, a clone just opened — is a
 * full hard reset and clean.
 *
 * <p>Other instances are met at the push: it is never forced and names the head it builds on, so when another writer
 * moved the branch first the host rejects it, and the write fetches, re-applies and pushes again ({@link
 * PushWithRetry}). Authentication failures, missing repositories or branches and applier errors fail at once with a
 * reason that never holds a credential; an unreachable host fails as {@link WriteFailure#UNREACHABLE}, which the
 * caller may try again later.
 */
public final class GitOpsWorkspace {

    private final Path root;
    private final RepositoryCredentials credentials;
    private final LocalClones clones = new LocalClones();
    private final RemoteBranches remote;
    private final PushWithRetry writes;

    public GitOpsWorkspace(WorkspaceSettings settings, RepositoryCredentials credentials) {
        Objects.requireNonNull(settings, "settings");
        this.root = settings.root().toAbsolutePath();
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.remote = new RemoteBranches(settings.networkTimeout());
        this.writes = new PushWithRetry(settings.retry(), clones, new WriteAttempt(clones, remote));
    }

    /**
     * Applies and pushes one commit; blocks (JGit and the network), so call it from a worker thread.
     *
     * @return {@link Committed} with the pushed commit, {@link NoChange} with the head that already holds the change,
     *     or {@link Failed} with a reason; never throws for a remote, request or applier problem
     */
    public <C> WriteResult<C> write(WriteRequest<C> request) {
        Objects.requireNonNull(request, "request");
        CloneTarget target;
        try {
            target = target(request.repositoryUrl(), request.branch(), request.baseBranch());
        } catch (IllegalArgumentException e) {
            return new Failed<>(WriteFailure.INVALID_REQUEST, e.getMessage(), 0);
        }
        ReentrantLock lock = clones.lockOf(target);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed<>(WriteFailure.WORKSPACE, "interrupted while waiting to write " + target, 0);
        }
        try {
            return writes.write(target, request);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code git gc --auto} on the clone of {@code repositoryUrl} and {@code branch} (in pull-request mode: a branch
     * of {@code baseBranch}), under the clone's lock, if this process has it open: meant to run after a write's
     * answers are out, so packing a large clone never delays them. Blocks (waits for a write on the clone to end); a
     * failure is logged, never thrown.
     */
    public void housekeep(String repositoryUrl, String branch, String baseBranch) {
        Optional<CloneTarget> target = openTarget(repositoryUrl, branch, baseBranch);
        if (target.isEmpty()) {
            return;
        }
        ReentrantLock lock = clones.lockOf(target.get());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            clones.housekeep(target.get());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Readies the clone a coming write to {@code repositoryUrl} and {@code branch} (in pull-request mode: a branch of
     * {@code baseBranch}) will use, when this process has not opened it yet: clones, fetches and checks out the
     * branch's head, so that write starts from a clean clone at the head and only has to fetch what came since. Meant
     * for the time a burst of requests lingers before its write starts. Blocks, like a write; never waits for one: a
     * clone being written (its lock taken) is left alone. Nothing is pushed, and a failure is left for the write to
     * find and report.
     *
     * @return whether the clone was readied now
     */
    public boolean prepare(String repositoryUrl, String branch, String baseBranch) {
        CloneTarget target;
        try {
            target = target(repositoryUrl, branch, baseBranch);
        } catch (IllegalArgumentException e) {
            return false;
        }
        ReentrantLock lock = clones.lockOf(target);
        if (clones.isOpen(target) || !lock.tryLock()) {
            return false;
        }
        try {
            return !clones.isOpen(target) && ready(target);
        } finally {
            lock.unlock();
        }
    }

    /** Opens, fetches and checks out {@code target}'s clone at the head a write would start from. */
    private boolean ready(CloneTarget target) {
        long began = System.nanoTime();
        LocalClone clone = null;
        try {
            clone = clones.open(target);
            remote.fetch(clone.git(), target);
            Heads heads = RemoteBranches.heads(clone.repository(), target);
            if (heads.base() == null) {
                return false;
            }
            clone.checkOut(heads.start());
            clone.cleanAt(heads.start());
            Log.debugf(
                    "readied the local clone of %s at %s in %d ms",
                    target, heads.start().name(), (System.nanoTime() - began) / 1_000_000);
            return true;
        } catch (IOException | GitAPIException | JGitInternalException | UncheckedIOException e) {
            if (clone != null) {
                clone.dirty();
            }
            Log.debugf(
                    "cannot ready the local clone of %s ahead of its write: %s", target, target.scrub(e.getMessage()));
            return false;
        }
    }

    /** The folder of the clone a request for {@code repositoryUrl} and {@code baseBranch} uses. */
    Path cloneFolder(String repositoryUrl, String baseBranch) {
        return target(repositoryUrl, baseBranch, baseBranch).folder();
    }

    private CloneTarget target(String repositoryUrl, String branch, String baseBranch) {
        return CloneTarget.of(repositoryUrl, branch, baseBranch, credentials, root);
    }

    /** The target of a clone this process has open; empty for an invalid request or a clone not opened yet. */
    private Optional<CloneTarget> openTarget(String repositoryUrl, String branch, String baseBranch) {
        try {
            CloneTarget target = target(repositoryUrl, branch, baseBranch);
            return clones.isOpen(target) ? Optional.of(target) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
