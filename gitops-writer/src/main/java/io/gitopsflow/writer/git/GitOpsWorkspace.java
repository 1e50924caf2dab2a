package io.gitopsflow.writer.git;

import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.writer.git.WriteResult.Committed;
import io.gitopsflow.writer.git.WriteResult.Failed;
import io.gitopsflow.writer.git.WriteResult.NoChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Commits and pushes to GitOps repositories through local clones kept in one folder.
 *
 * <p>There is one clone per repository and base branch (the folder name is a hash, never a name from outside), which
 * is also the Kafka key of {@code promotion-requested}, so the number of clones stays bounded even with one
 * pull-request branch per Freight. A lock per clone serializes writers inside the process. Every write fetches, hard
 * resets to the remote head, runs the {@link Applier}, and commits and pushes only when files changed — so a
 * redelivered request whose change is already on the branch is a {@link NoChange}, never an empty commit.
 *
 * <p>Clones stay open between writes, and the work tree is never read as a whole after its first check-out: the
 * applier reaches files only through {@link WorkTree#resolve}, so the paths it resolved are all that is staged, and
 * when the remote head is the commit this process left the clone at (it pushed it, or found nothing to change) the
 * reset is skipped. Anything else — another writer's commit, a write that stopped midway, a clone just opened — is a
 * full hard reset and clean, as before.
 *
 * <p>Other instances are met at the push: it is never forced and names the head it builds on, so when another writer
 * moved the branch first the host rejects it, and the write fetches, re-applies and pushes again after a bounded,
 * jittered exponential backoff ({@link PushRetry}). The retry is a small loop rather than SmallRye Fault Tolerance's
 * programmatic API: that API needs the CDI container, which this plain class and its tests do not have, and the
 * decision to retry comes from a push status, not from an exception. Authentication failures, missing repositories or
 * branches and applier errors fail at once with a reason that never holds a credential.
 */
public final class GitOpsWorkspace {

    private static final System.Logger LOG = System.getLogger(GitOpsWorkspace.class.getName());
    private static final String REMOTE = "origin";
    private static final String TRACKING_PREFIX = "refs/remotes/" + REMOTE + "/";
    /*
     * All branches rather than the one or two a write needs: an explicit refspec fails when its branch is missing, and
     * a pull-request branch is missing until the first write creates it. GitOps repositories have few branches, and
     * pull-request branches share almost every object with the base.
     */
    private static final RefSpec FETCH_BRANCHES = new RefSpec("+refs/heads/*:" + TRACKING_PREFIX + "*");
    private static final int MAX_REASON = 500;
    private static final int REFUSALS_BEFORE_GIVING_UP = 2;

    private final WorkspaceSettings settings;
    private final Path root;
    private final RepositoryCredentials credentials;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** The open clones, by {@link Target#key()}; each used only under its lock. */
    private final ConcurrentHashMap<String, Clone> clones = new ConcurrentHashMap<>();

    public GitOpsWorkspace(WorkspaceSettings settings, RepositoryCredentials credentials) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.root = settings.root().toAbsolutePath();
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * Applies and pushes one commit; blocks (JGit and the network), so call it from a worker thread.
     *
     * @return {@link Committed} with the pushed commit, {@link NoChange} with the head that already holds the change,
     *     or {@link Failed} with a reason; never throws for a remote, request or applier problem
     */
    public <C> WriteResult<C> write(WriteRequest<C> request) {
        Objects.requireNonNull(request, "request");
        Target target;
        try {
            target = Target.of(request.repositoryUrl(), request.branch(), request.baseBranch(), credentials, root);
        } catch (IllegalArgumentException e) {
            return new Failed<>(WriteFailure.INVALID_REQUEST, e.getMessage(), 0);
        }
        ReentrantLock lock = lockOf(target);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed<>(WriteFailure.WORKSPACE, "interrupted while waiting to write " + target, 0);
        }
        try {
            return writeLocked(target, request);
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
        Optional<Target> target = openTarget(repositoryUrl, branch, baseBranch);
        if (target.isEmpty()) {
            return;
        }
        ReentrantLock lock = lockOf(target.get());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            housekeep(target.get());
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
        Target target;
        try {
            target = Target.of(repositoryUrl, branch, baseBranch, credentials, root);
        } catch (IllegalArgumentException e) {
            return false;
        }
        ReentrantLock lock = lockOf(target);
        if (clones.containsKey(target.key()) || !lock.tryLock()) {
            return false;
        }
        long began = System.nanoTime();
        Clone clone = null;
        try {
            if (clones.containsKey(target.key())) {
                return false;
            }
            clone = openClone(target);
            fetch(clone.git(), target);
            Repository repository = clone.git().getRepository();
            ObjectId branchHead = trackingHead(repository, target.branch());
            ObjectId baseHead = baseHead(repository, target, branchHead);
            if (baseHead == null) {
                return false;
            }
            ObjectId start = branchHead != null ? branchHead : baseHead;
            checkOut(clone, start);
            clone.cleanAt = start;
            LOG.log(
                    Level.DEBUG,
                    "readied the local clone of {0} at {1} in {2} ms",
                    target,
                    start.name(),
                    millis(began, System.nanoTime()));
            return true;
        } catch (IOException | GitAPIException | JGitInternalException | UncheckedIOException e) {
            if (clone != null) {
                clone.cleanAt = null;
            }
            LOG.log(
                    Level.DEBUG,
                    "cannot ready the local clone of {0} ahead of its write: {1}",
                    target,
                    target.scrub(e.getMessage()));
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The lock of {@code target}'s clone: one writer (or housekeeping, or readying) at a time per clone. */
    private ReentrantLock lockOf(Target target) {
        return locks.computeIfAbsent(target.key(), key -> new ReentrantLock());
    }

    /** The target of a clone this process has open; empty for an invalid request or a clone not opened yet. */
    private Optional<Target> openTarget(String repositoryUrl, String branch, String baseBranch) {
        try {
            Target target = Target.of(repositoryUrl, branch, baseBranch, credentials, root);
            return clones.containsKey(target.key()) ? Optional.of(target) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code git gc --auto} on the clone (JGit's {@link GC}, in this thread; the caller holds the clone's lock): every
     * write adds a pack (the batch's objects, and each fetch's), so once there are more than {@code gc.autoPackLimit}
     * (50) packs or {@code gc.auto} (6,700) loose objects they are packed into one, and the packs it replaced are
     * deleted. The writes it runs after have already been pushed, so a failure here is logged, never reported.
     */
    private void housekeep(Target target) {
        Clone clone = clones.get(target.key());
        if (clone == null || !(clone.git().getRepository() instanceof FileRepository repository)) {
            return;
        }
        long began = System.nanoTime();
        try {
            GC gc = new GC(repository);
            gc.setAuto(true);
            // the packs it replaces go at once, not after an hour: nothing but this locked write reads the clone
            gc.setPackExpireAgeMillis(0);
            Collection<Pack> packs = gc.gc().get();
            if (packs != null && !packs.isEmpty()) {
                LOG.log(
                        Level.INFO,
                        "packed the local clone of {0} into {1} pack(s) in {2} ms",
                        target,
                        packs.size(),
                        millis(began, System.nanoTime()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ParseException | GitAPIException | ExecutionException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot pack the local clone of {0}: {1}", target, target.scrub(e.getMessage()));
        }
    }

    /** The folder of the clone a request for {@code repositoryUrl} and {@code baseBranch} uses. */
    Path cloneFolder(String repositoryUrl, String baseBranch) {
        return Target.of(repositoryUrl, baseBranch, baseBranch, credentials, root)
                .folder();
    }

    private <C> WriteResult<C> writeLocked(Target target, WriteRequest<C> request) {
        PushRetry retry = settings.retry();
        Rejection rejection = null;
        boolean cloneRebuilt = false;
        for (int attempt = 1; ; attempt++) {
            Outcome<C> outcome;
            try {
                outcome = attempt(target, request, attempt, rejection);
            } catch (LocalFailure e) {
                // a clone left broken by a crash (stale lock file, half-written pack) is rebuilt once, not retried
                if (cloneRebuilt || attempt >= retry.maxAttempts()) {
                    return failed(
                            target, WriteFailure.WORKSPACE, "cannot use the local clone: " + e.getMessage(), attempt);
                }
                LOG.log(Level.WARNING, "discarding the local clone for {0}: {1}", target, e.getMessage());
                cloneRebuilt = true;
                forget(target);
                discard(target.folder());
                continue;
            }
            if (outcome.result() != null) {
                return outcome.result();
            }
            rejection = outcome.rejection();
            if (attempt >= retry.maxAttempts()) {
                return failed(
                        target,
                        WriteFailure.CONCURRENT_UPDATES,
                        "the push to " + target + " was still rejected after " + attempt + " attempts: "
                                + rejection.message(),
                        attempt);
            }
            Duration delay = retry.backoff(attempt, ThreadLocalRandom.current());
            LOG.log(
                    Level.INFO,
                    "push to {0} rejected ({1}); re-applying in {2} ms (attempt {3} of {4})",
                    target,
                    rejection.message(),
                    delay.toMillis(),
                    attempt + 1,
                    retry.maxAttempts());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(target, WriteFailure.WORKSPACE, "interrupted while waiting to retry", attempt);
            }
        }
    }

    private <C> Outcome<C> attempt(Target target, WriteRequest<C> request, int attempt, Rejection previous)
            throws LocalFailure {
        long began = System.nanoTime();
        Clone clone = null;
        try {
            clone = openClone(target);
            Git git = clone.git();
            Repository repository = git.getRepository();
            long opened = System.nanoTime();
            try {
                fetch(git, target);
            } catch (InvalidRemoteException | TransportException e) {
                return Outcome.done(remoteFailure(target, "fetch", e, attempt));
            }
            long fetched = System.nanoTime();
            ObjectId branchHead = trackingHead(repository, target.branch());
            ObjectId baseHead = baseHead(repository, target, branchHead);
            if (baseHead == null) {
                return Outcome.done(failed(
                        target,
                        WriteFailure.BRANCH_NOT_FOUND,
                        "branch '" + target.baseBranch() + "' does not exist in " + target.url(),
                        attempt));
            }
            int refusals = previous != null
                            && !previous.concurrentUpdate()
                            && Objects.equals(previous.remoteHead(), branchHead)
                    ? previous.refusals()
                    : 0;
            if (refusals >= REFUSALS_BEFORE_GIVING_UP) {
                // the branch did not move, so the host refused the push itself: a protected branch, a hook
                return Outcome.done(failed(
                        target,
                        WriteFailure.PUSH_REJECTED,
                        "the host refused the push to " + target + ": " + previous.message(),
                        attempt));
            }
            ObjectId start = branchHead != null ? branchHead : baseHead;
            String startBranch = branchHead != null ? target.branch() : target.baseBranch();
            boolean reused = checkOut(clone, start);
            long checkedOut = System.nanoTime();

            WorkTree workTree = new WorkTree(target.folder());
            List<C> changes;
            try {
                changes = List.copyOf(
                        Objects.requireNonNull(request.applier().apply(workTree), "the applier returned null"));
            } catch (InvalidNameException e) {
                return Outcome.done(failed(target, WriteFailure.INVALID_REQUEST, e.getMessage(), attempt));
            } catch (Exception e) {
                return Outcome.done(failed(
                        target, WriteFailure.APPLIER_FAILED, "cannot apply the change: " + describe(e), attempt));
            }
            long applied = System.nanoTime();
            ObjectId startTree = treeOf(repository, start);
            boolean differs = stage(repository, target.folder(), workTree.resolvedPaths(), startTree);
            long staged = System.nanoTime();
            if (changes.isEmpty() || !differs) {
                // the files already say it (a redelivery, or a concurrent writer made the same change)
                if (!differs) {
                    clone.cleanAt = start;
                }
                return Outcome.done(new NoChange<>(start.name(), startBranch));
            }
            String message;
            try {
                message = request.message().forChanges(changes);
            } catch (RuntimeException e) {
                return Outcome.done(failed(
                        target,
                        WriteFailure.INVALID_REQUEST,
                        "cannot write the commit message: " + describe(e),
                        attempt));
            }
            if (message == null || message.isBlank()) {
                return Outcome.done(
                        failed(target, WriteFailure.INVALID_REQUEST, "the commit message is empty", attempt));
            }
            RevCommit commit = git.commit()
                    .setMessage(message)
                    .setAuthor(request.author().toPersonIdent())
                    .setCommitter(request.committer().toPersonIdent())
                    .setSign(false)
                    .setNoVerify(true)
                    .setAllowEmpty(false)
                    .call();
            // HEAD, the index and the files are the commit's now, whether the push is taken or not
            clone.cleanAt = commit.getId();
            long committed = System.nanoTime();
            Outcome<C> outcome = push(repository, target, commit, branchHead, changes, attempt, refusals);
            long pushed = System.nanoTime();
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(
                        Level.DEBUG,
                        "write to {0}, attempt {1}: open {2} ms, fetch {3} ms, check out {4} ms{5}, apply {6} ms,"
                                + " stage {7} ms ({8} path(s)), commit {9} ms, push {10} ms",
                        target,
                        attempt,
                        millis(began, opened),
                        millis(opened, fetched),
                        millis(fetched, checkedOut),
                        reused ? " (files already at the head)" : "",
                        millis(checkedOut, applied),
                        millis(applied, staged),
                        workTree.resolvedPaths().size(),
                        millis(staged, committed),
                        millis(committed, pushed));
            }
            return outcome;
        } catch (IOException | GitAPIException | JGitInternalException | UncheckedIOException e) {
            if (clone != null) {
                clone.cleanAt = null;
            }
            throw new LocalFailure(target.scrub(e.getMessage()), e);
        }
    }

    /**
     * Pushes {@code commit} to the branch, never forced, expecting the remote head the commit was built on (or no
     * branch at all), so a concurrent update is rejected rather than overwritten.
     */
    private <C> Outcome<C> push(
            Repository repository,
            Target target,
            RevCommit commit,
            ObjectId expectedHead,
            List<C> changes,
            int attempt,
            int refusals)
            throws IOException {
        String remoteRef = Constants.R_HEADS + target.branch();
        RemoteRefUpdate update = new RemoteRefUpdate(
                repository,
                null,
                commit,
                remoteRef,
                false,
                TRACKING_PREFIX + target.branch(),
                expectedHead == null ? ObjectId.zeroId() : expectedHead);
        PushResult result;
        try (Transport transport = Transport.open(repository, new URIish(target.url()))) {
            transport.setTimeout(timeoutSeconds());
            transport.setCredentialsProvider(target.credentialsProvider());
            result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (org.eclipse.jgit.errors.TransportException e) {
            return Outcome.done(remoteFailure(target, "push", e, attempt));
        } catch (NotSupportedException | URISyntaxException e) {
            return Outcome.done(failed(target, WriteFailure.INVALID_REQUEST, target.scrub(e.getMessage()), attempt));
        }
        RemoteRefUpdate reported = result.getRemoteUpdate(remoteRef);
        RemoteRefUpdate.Status status = reported == null ? RemoteRefUpdate.Status.NOT_ATTEMPTED : reported.getStatus();
        String detail = reported == null || reported.getMessage() == null
                ? status.name().toLowerCase(Locale.ROOT)
                : target.scrub(reported.getMessage());
        return switch (status) {
            case OK, UP_TO_DATE -> {
                LOG.log(
                        Level.INFO,
                        "pushed {0} to {1} ({2} change(s), attempt {3})",
                        commit.name(),
                        target,
                        changes.size(),
                        attempt);
                yield Outcome.done(new Committed<>(commit.name(), target.branch(), changes, attempt));
            }
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
                Outcome.rejected(
                        new Rejection(true, expectedHead, "another writer updated the branch (" + detail + ")", 0));
            // JGit's and GitHub's servers report a lost race as "failed to lock" or "invalid old id sent"; a protected
            // branch or a hook use the same status: whether the branch moved in the meantime tells them apart
            case REJECTED_OTHER_REASON -> Outcome.rejected(new Rejection(false, expectedHead, detail, refusals + 1));
            default ->
                Outcome.done(failed(
                        target, WriteFailure.PUSH_REJECTED, "the push to " + target + " failed: " + detail, attempt));
        };
    }

    private <C> Failed<C> remoteFailure(Target target, String operation, Exception e, int attempt) {
        String message = target.scrub(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        boolean hasCredentials = target.credentials().isPresent();
        if (lower.contains("not authorized")
                || lower.contains("authentication is required")
                || lower.contains("no credentialsprovider")
                || lower.contains("authentication not supported")
                || lower.contains("not permitted")) {
            return failed(
                    target,
                    WriteFailure.AUTHENTICATION,
                    "authentication failed for " + target.url()
                            + (hasCredentials
                                    ? " (the host refused the configured credentials)"
                                    : " (no credentials are configured for it)"),
                    attempt);
        }
        if (isCausedBy(e, NoRemoteRepositoryException.class) || lower.contains("not found")) {
            return failed(
                    target,
                    WriteFailure.REPOSITORY_NOT_FOUND,
                    "repository " + target.url() + " does not exist or is not visible with the configured credentials",
                    attempt);
        }
        return failed(
                target, WriteFailure.UNREACHABLE, "cannot " + operation + " " + target.url() + ": " + message, attempt);
    }

    private <C> Failed<C> failed(Target target, WriteFailure failure, String reason, int attempt) {
        String safe = target.scrub(reason);
        LOG.log(Level.WARNING, "write to {0} failed ({1}): {2}", target, failure, safe);
        return new Failed<>(failure, safe, attempt);
    }

    /** The clone of {@code target}, open from an earlier write or opened (created when missing) now. */
    private Clone openClone(Target target) throws IOException, GitAPIException {
        Path folder = target.folder();
        Clone open = clones.get(target.key());
        if (open != null) {
            if (Files.isDirectory(folder.resolve(Constants.DOT_GIT))) {
                return open;
            }
            forget(target);
        }
        Git git = null;
        boolean created = false;
        if (Files.isDirectory(folder.resolve(Constants.DOT_GIT))) {
            try {
                git = Git.open(folder.toFile());
            } catch (RepositoryNotFoundException e) {
                discard(folder);
            }
        }
        if (git == null) {
            Files.createDirectories(folder);
            git = Git.init()
                    .setDirectory(folder.toFile())
                    .setInitialBranch("gitops-flow")
                    .call();
            try (Stream<Path> entries = Files.list(folder)) {
                created = entries.allMatch(path -> path.getFileName().toString().equals(Constants.DOT_GIT));
            }
        }
        // written on every open, so a clone whose first write crashed before this point heals itself
        StoredConfig config = git.getRepository().getConfig();
        if (!target.url().equals(config.getString("remote", REMOTE, "url"))
                || config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
            config.setString("remote", REMOTE, "url", target.url());
            config.setString("remote", REMOTE, "fetch", FETCH_BRANCHES.toString());
            // files are written and committed byte for byte, whatever the machine's defaults
            config.setBoolean("core", null, "autocrlf", false);
            // the automatic garbage collection runs in the writing thread, under the clone's lock, never beside a write
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.save();
        }
        Clone clone = new Clone(git);
        clone.created = created;
        clones.put(target.key(), clone);
        return clone;
    }

    /** Closes the open clone of {@code target}, if any: the next write opens it again and checks out in full. */
    private void forget(Target target) {
        Clone clone = clones.remove(target.key());
        if (clone != null) {
            clone.git().close();
        }
    }

    /**
     * Checks the clone out clean at {@code start}, unless its files are known to be those of {@code start} already (the
     * common case: this process wrote the head itself, or readied the clone); afterwards they are unknown
     * ({@code cleanAt} null) until the caller knows them again.
     *
     * @return whether the files were already those of {@code start}
     */
    private static boolean checkOut(Clone clone, ObjectId start) throws IOException, GitAPIException {
        boolean reused = start.equals(clone.cleanAt);
        clone.cleanAt = null;
        if (!reused) {
            checkOutClean(clone.git(), start, clone.created);
            clone.created = false;
        }
        return reused;
    }

    /** The head the target's branch is based on: the base branch's in pull-request mode, else the branch's own. */
    private static ObjectId baseHead(Repository repository, Target target, ObjectId branchHead) throws IOException {
        return target.pullRequestMode() ? trackingHead(repository, target.baseBranch()) : branchHead;
    }

    /**
     * Detached HEAD at {@code start}, index and files as in {@code start}, nothing untracked or ignored left over (a
     * clone just created holds nothing but what the reset wrote, so it is not cleaned).
     */
    private static void checkOutClean(Git git, ObjectId start, boolean justCreated)
            throws IOException, GitAPIException {
        RefUpdate head = git.getRepository().updateRef(Constants.HEAD, true);
        head.setNewObjectId(start);
        head.disableRefLog();
        RefUpdate.Result result = head.forceUpdate();
        if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE) {
            throw new IOException("cannot move HEAD of the local clone: " + result);
        }
        git.reset().setMode(ResetType.HARD).setRef(start.name()).call();
        if (justCreated) {
            return;
        }
        git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
    }

    /**
     * {@code git add --all} of the paths the applier resolved (new, changed and deleted files), made directly on the
     * index with JGit's {@link DirCacheEditor}: nothing else can have changed, so the rest of the work tree is not
     * read, and each file is read once. A file keeps its executable bit, a symbolic link is staged as a link (its
     * target's text), a folder is left alone (an applier writes files); returns whether the index now differs from
     * {@code startTree}.
     */
    private static boolean stage(Repository repository, Path root, Set<String> paths, ObjectId startTree)
            throws IOException {
        if (paths.isEmpty()) {
            return false;
        }
        DirCache index = repository.lockDirCache();
        try (ObjectInserter inserter = newInserter(repository)) {
            DirCacheEditor editor = index.editor();
            for (String path : paths) {
                Path file = root.resolve(path);
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    editor.add(new DirCacheEditor.DeletePath(path));
                    continue;
                }
                byte[] content;
                FileMode mode;
                if (attributes.isSymbolicLink()) {
                    content = Files.readSymbolicLink(file)
                            .toString()
                            .replace(file.getFileSystem().getSeparator(), "/")
                            .getBytes(StandardCharsets.UTF_8);
                    mode = FileMode.SYMLINK;
                } else if (attributes.isRegularFile()) {
                    content = Files.readAllBytes(file);
                    DirCacheEntry existing = index.getEntry(path);
                    mode = existing != null && existing.getFileMode() == FileMode.EXECUTABLE_FILE
                            ? FileMode.EXECUTABLE_FILE
                            : FileMode.REGULAR_FILE;
                } else {
                    continue;
                }
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
                long length = content.length;
                Instant modified = attributes.lastModifiedTime().toInstant();
                editor.add(new DirCacheEditor.PathEdit(path) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(mode);
                        entry.setObjectId(blob);
                        entry.setLength(length);
                        entry.setLastModified(modified);
                    }
                });
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            index.write();
            if (!index.commit()) {
                throw new IOException("cannot write the index of the local clone");
            }
            return !tree.equals(startTree);
        } finally {
            index.unlock();
        }
    }

    /**
     * An inserter that writes what a batch stores (a blob per file, a tree per folder on the way) as one pack rather
     * than as hundreds of loose objects, which the push would read back one file at a time; the packs are merged by
     * the automatic garbage collection after a write.
     */
    private static ObjectInserter newInserter(Repository repository) {
        if (repository.getObjectDatabase() instanceof ObjectDirectory objects) {
            PackInserter packed = objects.newPackInserter();
            packed.checkExisting(true);
            return packed;
        }
        return repository.newObjectInserter();
    }

    private static ObjectId treeOf(Repository repository, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commit).getTree().getId();
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** Fetches every branch of the remote into the tracking refs (deleted ones removed), no tags. */
    private void fetch(Git git, Target target) throws GitAPIException {
        git.fetch()
                .setRemote(REMOTE)
                .setRefSpecs(FETCH_BRANCHES)
                .setRemoveDeletedRefs(true)
                .setTagOpt(TagOpt.NO_TAGS)
                .setTimeout(timeoutSeconds())
                .setCredentialsProvider(target.credentialsProvider())
                .call();
    }

    private static ObjectId trackingHead(Repository repository, String branch) throws IOException {
        Ref ref = repository.exactRef(TRACKING_PREFIX + branch);
        return ref == null ? null : ref.getObjectId();
    }

    private int timeoutSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, settings.networkTimeout().toSeconds());
    }

    private static boolean isCausedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void discard(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot delete {0}: {1}", folder, e.getMessage());
        }
    }

    /**
     * A push the host rejected, the remote head it was built on, and how often in a row the host refused a push on
     * that same head (a concurrent writer whose own push failed can make one refusal look like the host's own).
     */
    private record Rejection(boolean concurrentUpdate, ObjectId remoteHead, String message, int refusals) {}

    /** An attempt's end: a result, or a rejection to answer with another attempt. */
    private record Outcome<C>(WriteResult<C> result, Rejection rejection) {

        static <C> Outcome<C> done(WriteResult<C> result) {
            return new Outcome<>(result, null);
        }

        static <C> Outcome<C> rejected(Rejection rejection) {
            return new Outcome<>(null, rejection);
        }
    }

    /** An open clone and the commit HEAD, the index and the files are known to match (null: unknown, check out). */
    private static final class Clone {

        private final Git git;
        private ObjectId cleanAt;
        /** Initialized into an empty folder by this process and not checked out yet. */
        private boolean created;

        Clone(Git git) {
            this.git = git;
        }

        Git git() {
            return git;
        }
    }

    /** The local clone failed, not the remote. */
    private static final class LocalFailure extends Exception {

        private static final long serialVersionUID = 1L;

        LocalFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A validated request's remote side: the URL without user info, the branches, the credentials and the clone. */
    private record Target(
            String url,
            String branch,
            String baseBranch,
            Optional<GitCredentials> credentials,
            String key,
            Path folder) {

        static Target of(
                String repositoryUrl, String branch, String baseBranch, RepositoryCredentials configured, Path root) {
            URIish uri;
            try {
                uri = new URIish(repositoryUrl);
            } catch (URISyntaxException e) {
                // the URL text may hold a secret, so it is not echoed
                throw new IllegalArgumentException("invalid repository URL: " + e.getReason());
            }
            if (uri.getPass() != null) {
                throw new IllegalArgumentException(
                        "the repository URL must not carry credentials; configure a token for it instead");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("invalid repository URL "
                        + InvalidNameException.quote(uri.setUser(null).toString())
                        + ": only http and https clone URLs are supported");
            }
            String url = uri.setUser(null).toString();
            GitRefNames.requireBranchName(branch);
            GitRefNames.requireBranchName(baseBranch);
            String key = sha256(url + "\n" + baseBranch);
            return new Target(url, branch, baseBranch, configured.forUrl(url), key, root.resolve(key));
        }

        boolean pullRequestMode() {
            return !branch.equals(baseBranch);
        }

        CredentialsProvider credentialsProvider() {
            return credentials
                    .<CredentialsProvider>map(c -> new UsernamePasswordCredentialsProvider(
                            c.username(), c.token().toCharArray()))
                    .orElse(null);
        }

        /** A message fit for a reason: one line, bounded, and without the token even if a server echoed it. */
        String scrub(String message) {
            String text = String.valueOf(message);
            if (credentials.isPresent()) {
                text = text.replace(credentials.get().token(), "***");
            }
            text = text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]+", " ").strip();
            return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
        }

        @Override
        public String toString() {
            return url + " branch '" + branch + "'";
        }

        private static String sha256(String text) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
    }
}
