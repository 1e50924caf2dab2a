package io.gitopsflow.buildworker.checkout;

import static io.gitopsflow.buildworker.checkout.CachedClone.isCommit;
import static io.gitopsflow.buildworker.checkout.CachedClone.isShallow;

import io.gitopsflow.buildworker.checkout.GitRemote.ShallowRefusedException;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.buildworker.config.OwnerOnlyFolders;
import io.gitopsflow.events.git.GitCredentials;
import io.gitopsflow.events.git.RepositoryUrls;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;

/**
 * Checks out the exact commit of a repository with JGit, keeping one cached clone per repository so later builds only
 * fetch.
 *
 * <p>Each repository has one work tree in the cache, guarded by an in-process lock: {@link #checkout} returns a
 * {@link Checkout} that holds the lock, and the caller builds from (or copies) {@link Checkout#workTree()} before
 * closing it. Closing releases the lock; the next checkout of that repository may then rewrite the work tree. The lock
 * is not reentrant: a thread must close its checkout before checking out the same repository again.
 *
 * <p>Clones are shallow where the server allows it ({@code cloneDepth} commits of each branch, 1 by default; 0 for
 * full clones), and later fetches of a shallow cache are shallow too, so the cache holds little more than the trees
 * that were built. A commit the shallow history lacks (the queue may build one older than the branch head) is fetched
 * by its id at that depth; where the server refuses wants of commits no ref points at, the branches are deepened
 * stepwise (10×, then 100× the depth) and finally unshallowed, with tags, which is a full clone's history. A server
 * that refuses shallow requests gets a full clone instead, and the cache stays full: shallow is only a saving, never a
 * reason for a build to fail that a full clone would have made.
 */
@ApplicationScoped
public class GitCheckout {

    /** The clone depth of {@link #GitCheckout(Path, Function)}: the checked-out commit alone. */
    public static final int DEFAULT_CLONE_DEPTH = 1;

    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path cacheRoot;
    private final Function<String, Optional<GitCredentials>> credentialsForUrl;
    private final int cloneDepth;
    private final CachedClone clones;
    private final ConcurrentHashMap<String, Semaphore> locks = new ConcurrentHashMap<>();

    /**
     * The worker's checkout: clones under the cache directory, the configured token for every host, the configured
     * depth.
     */
    @Inject
    public GitCheckout(BuildWorkerConfig config) {
        this(OwnerOnlyFolders.cache(config, "clones"), configuredCredentials(config), config.cloneDepth());
    }

    /**
     * @param cacheRoot folder holding one clone per repository
     * @param credentialsForUrl credentials for a clone URL (given without user info), empty for anonymous access
     */
    public GitCheckout(Path cacheRoot, Function<String, Optional<GitCredentials>> credentialsForUrl) {
        this(cacheRoot, credentialsForUrl, DEFAULT_CLONE_DEPTH);
    }

    /**
     * @param cacheRoot folder holding one clone per repository
     * @param credentialsForUrl credentials for a clone URL (given without user info), empty for anonymous access
     * @param cloneDepth commits of history per branch a clone or fetch asks for where the server allows shallow
     *     clones; 0 for full clones
     */
    public GitCheckout(Path cacheRoot, Function<String, Optional<GitCredentials>> credentialsForUrl, int cloneDepth) {
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot").toAbsolutePath();
        this.credentialsForUrl = Objects.requireNonNull(credentialsForUrl, "credentialsForUrl");
        if (cloneDepth < 0) {
            throw new IllegalArgumentException("clone depth must be 0 (full clones) or more, not " + cloneDepth);
        }
        this.cloneDepth = cloneDepth;
        this.clones = new CachedClone(cloneDepth);
    }

    /** The configured token (gitops-flow.build.git-token) for every repository, or anonymous access. */
    private static Function<String, Optional<GitCredentials>> configuredCredentials(BuildWorkerConfig config) {
        Optional<GitCredentials> credentials = config.gitToken()
                .filter(token -> !token.isEmpty())
                .map(token -> new GitCredentials(config.gitUsername(), token));
        return url -> credentials;
    }

    /**
     * Checks out {@code commitSha} of {@code cloneUrl} as a detached HEAD in a clean work tree, and holds the
     * repository's lock until the returned checkout is closed. Two spellings of one repository's URL share a clone.
     *
     * @throws CheckoutException when the SHA is invalid, the repository cannot be reached or authenticated against, or
     *     the commit is not in it
     */
    public Checkout checkout(String cloneUrl, String commitSha) {
        Objects.requireNonNull(cloneUrl, "cloneUrl");
        // validated before anything touches Git, so garbage never reaches a command line, a ref or the network
        if (commitSha == null
                || !(SHA1.matcher(commitSha).matches()
                        || SHA256.matcher(commitSha).matches())) {
            throw new CheckoutException("invalid commit SHA '" + abbreviate(commitSha)
                    + "': expected 40 (SHA-1) or 64 (SHA-256) lowercase hex characters");
        }
        URIish uri = parse(cloneUrl);
        String safeUrl = uri.setUser(null).setPass(null).toString();
        if (commitSha.length() == 64) {
            throw new CheckoutException(
                    "commit " + commitSha + " of " + safeUrl + " is a SHA-256 id; JGit only reads SHA-1 repositories");
        }
        // credentials written into the URL are used like configured ones, so the clone's config never stores them
        Optional<GitCredentials> credentials = Objects.requireNonNull(credentialsForUrl.apply(safeUrl))
                .or(() -> uri.getPass() == null || uri.getPass().isEmpty()
                        ? Optional.empty()
                        : Optional.of(new GitCredentials(uri.getUser() == null ? "" : uri.getUser(), uri.getPass())));
        String key = sha256(RepositoryUrls.canonical(safeUrl));
        Semaphore lock = locks.computeIfAbsent(key, k -> new Semaphore(1));
        try {
            lock.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckoutException("interrupted while waiting for the checkout lock of " + safeUrl, e);
        }
        try {
            return checkoutLocked(safeUrl, cacheRoot.resolve(key), commitSha, credentials, lock);
        } catch (RuntimeException | Error e) {
            lock.release();
            throw e;
        }
    }

    /** The checkout once the repository's lock is held; the caller releases it should this fail. */
    private Checkout checkoutLocked(
            String safeUrl, Path folder, String commitSha, Optional<GitCredentials> credentials, Semaphore lock) {
        long started = System.nanoTime();
        Prepared prepared;
        boolean shallow;
        try {
            ObjectId commit = ObjectId.fromString(commitSha);
            prepared = prepare(safeUrl, folder, commit, credentials);
            shallow = checkOutCommit(folder, commit, safeUrl, credentials);
        } catch (IOException e) {
            throw new CheckoutException(
                    "cannot use the clone cache for " + safeUrl + ": " + GitRemote.scrub(e.getMessage(), credentials),
                    e);
        } catch (GitAPIException e) {
            throw new CheckoutException(
                    "cannot check out " + commitSha + " of " + safeUrl + ": "
                            + GitRemote.scrub(e.getMessage(), credentials),
                    e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Log.infof("checked out %s of %s in %d ms (%s)", commitSha, safeUrl, millis, prepared.how());
        return new Checkout(folder, commitSha, prepared.cacheHit(), shallow, millis, lock);
    }

    /** Checks the commit out of the prepared clone, fetching it by id if need be; answers whether it is shallow. */
    private static boolean checkOutCommit(
            Path folder, ObjectId commit, String safeUrl, Optional<GitCredentials> credentials)
            throws IOException, GitAPIException {
        try (Git git = Git.open(folder.toFile())) {
            if (!isCommit(git.getRepository(), commit)) {
                fetchCommitDirectly(git, commit, credentials, 0);
            }
            if (!isCommit(git.getRepository(), commit)) {
                throw new CheckoutException("commit " + commit.name() + " is not in " + safeUrl);
            }
            checkoutClean(git, commit.name());
            ObjectId head = git.getRepository().resolve("HEAD");
            if (!commit.equals(head)) {
                throw new CheckoutException("checked out " + (head == null ? "nothing" : head.name())
                        + " instead of commit " + commit.name() + " of " + safeUrl);
            }
            return isShallow(git.getRepository());
        }
    }

    /** How the cached clone was brought up to date, for the log. */
    private record Prepared(boolean cacheHit, String how) {}

    /**
     * Clones into {@code folder}, or fetches when a usable clone is there, so that it holds {@code commit} when the
     * branches lead to it; a shallow request the server refuses ends in a full clone.
     */
    private Prepared prepare(String safeUrl, Path folder, ObjectId commit, Optional<GitCredentials> credentials)
            throws IOException, GitAPIException {
        if (Files.isDirectory(folder.resolve(".git"))) {
            try (Git git = Git.open(folder.toFile())) {
                return new Prepared(true, clones.update(git, safeUrl, commit, credentials));
            } catch (RepositoryNotFoundException e) {
                // a clone interrupted half-way leaves an unusable folder: start over rather than fail every build
                Log.warnf("discarding unusable cached clone of %s", safeUrl);
            } catch (ShallowRefusedException e) {
                // a shallow clone cannot be fetched into without shallow requests: a full clone replaces it
                Log.warnf(
                        "%s refused a shallow fetch (%s): replacing the cached shallow clone by a full clone",
                        safeUrl, e.getMessage());
            }
        }
        CachedClone.deleteRecursively(folder);
        Files.createDirectories(folder.getParent());
        if (cloneDepth > 0) {
            try {
                CachedClone.clone(safeUrl, folder, credentials, cloneDepth);
                try (Git git = Git.open(folder.toFile())) {
                    return new Prepared(
                            false,
                            "cloned with depth " + cloneDepth + clones.deepen(git, safeUrl, commit, credentials));
                }
            } catch (ShallowRefusedException e) {
                Log.infof("%s refused a shallow clone (%s): cloning in full", safeUrl, e.getMessage());
                CachedClone.deleteRecursively(folder);
            }
        }
        try {
            CachedClone.clone(safeUrl, folder, credentials, 0);
        } catch (ShallowRefusedException e) {
            throw new IllegalStateException("a full clone makes no shallow request", e);
        }
        return new Prepared(false, cloneDepth > 0 ? "cloned in full: the server refused a shallow clone" : "cloned");
    }

    /**
     * Fetches a commit by its id, e.g. one only under {@code refs/pull/*}, {@code depth} deep (0: its whole history);
     * answers whether the server sent it. Servers refuse wants of commits no ref reaches (a deleted branch), and some
     * of commits no ref points at, which only means the commit is not available this way.
     */
    static boolean fetchCommitDirectly(Git git, ObjectId commit, Optional<GitCredentials> credentials, int depth) {
        try {
            FetchCommand fetch = git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec(commit.name()))
                    .setTagOpt(TagOpt.NO_TAGS);
            if (depth > 0) {
                fetch.setDepth(depth);
            }
            GitRemote.authenticate(fetch, credentials);
            fetch.call();
            return true;
        } catch (GitAPIException | RuntimeException e) {
            Log.debugf("direct fetch of %s refused: %s", commit.name(), GitRemote.scrub(e.getMessage(), credentials));
            return false;
        }
    }

    /**
     * {@code git checkout --detach <sha> && git reset --hard <sha> && git clean -ffdx}, nothing of a previous build
     * left: HEAD is detached onto the commit by a ref update (no check-out of its own), and the one hard reset writes
     * the index and the files, a fresh clone's (cloned without a check-out: empty index, no files) included.
     */
    private static void checkoutClean(Git git, String commitSha) throws GitAPIException, IOException {
        Repository repository = git.getRepository();
        RefUpdate head = repository.updateRef(Constants.HEAD, true);
        head.setNewObjectId(ObjectId.fromString(commitSha));
        head.disableRefLog();
        RefUpdate.Result moved = head.forceUpdate();
        if (moved == RefUpdate.Result.LOCK_FAILURE || moved == RefUpdate.Result.IO_FAILURE) {
            throw new IOException("cannot move HEAD of the cached clone: " + moved);
        }
        git.reset().setMode(ResetType.HARD).setRef(commitSha).call();
        git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
    }

    private static URIish parse(String cloneUrl) {
        try {
            return new URIish(cloneUrl);
        } catch (URISyntaxException e) {
            // the URL text itself may hold a secret, so it is not echoed
            throw new CheckoutException("invalid clone URL: " + e.getReason());
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }

    /** The cache folder name: a hash, so no URL text (dots, slashes) ever becomes a path. */
    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * A commit checked out in the cached work tree, holding the repository's lock until closed: build from or copy
     * {@link #workTree()} before closing.
     */
    public static final class Checkout implements AutoCloseable {

        private final Path workTree;
        private final String commit;
        private final boolean cacheHit;
        private final boolean shallow;
        private final long millis;
        private final Semaphore lock;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Checkout(Path workTree, String commit, boolean cacheHit, boolean shallow, long millis, Semaphore lock) {
            this.workTree = workTree;
            this.commit = commit;
            this.cacheHit = cacheHit;
            this.shallow = shallow;
            this.millis = millis;
            this.lock = lock;
        }

        /** The work tree with the commit checked out; valid until {@link #close()}. */
        public Path workTree() {
            return workTree;
        }

        /** The full SHA of the checked-out HEAD, verified to be the requested one. */
        public String commit() {
            return commit;
        }

        /** Whether a cached clone was reused (fetch) rather than cloned. */
        public boolean cacheHit() {
            return cacheHit;
        }

        /** Whether the cached clone's history is shallow (cut off), rather than the repository's full history. */
        public boolean shallow() {
            return shallow;
        }

        /** How long clone or fetch and checkout took, without the wait for the lock. */
        public long millis() {
            return millis;
        }

        /** Releases the repository's lock; idempotent, and any thread may close. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                lock.release();
            }
        }

        @Override
        public String toString() {
            return "Checkout[workTree=" + workTree + ", commit=" + commit + ", cacheHit=" + cacheHit + ", shallow="
                    + shallow + ", millis=" + millis + "]";
        }
    }
}
