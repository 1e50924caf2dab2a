package io.gitopsflow.build.checkout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Checks out the exact commit of a repository with JGit, keeping one cached clone per repository so later builds only
 * fetch.
 *
 * <p>Each repository has one work tree in the cache, guarded by an in-process lock: {@link #checkout} returns a
 * {@link Checkout} that holds the lock, and the caller builds from (or copies) {@link Checkout#workTree()} before
 * closing it. Closing releases the lock; the next checkout of that repository may then rewrite the work tree. The lock
 * is not reentrant: a thread must close its checkout before checking out the same repository again.
 *
 * <p>Clones are full, not shallow: a shallow cache would need a deepen or unshallow fetch whenever an older commit is
 * rebuilt, and after the first clone a fetch only transfers what is new anyway.
 */
public final class GitCheckout {

    private static final System.Logger LOG = System.getLogger(GitCheckout.class.getName());
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<RefSpec> FETCH_SPECS =
            List.of(new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

    private final Path cacheRoot;
    private final Function<String, Optional<GitCredentials>> credentialsForUrl;
    private final ConcurrentHashMap<String, Semaphore> locks = new ConcurrentHashMap<>();

    /**
     * @param cacheRoot folder holding one clone per repository
     * @param credentialsForUrl credentials for a clone URL (given without user info), empty for anonymous access
     */
    public GitCheckout(Path cacheRoot, Function<String, Optional<GitCredentials>> credentialsForUrl) {
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot").toAbsolutePath();
        this.credentialsForUrl = Objects.requireNonNull(credentialsForUrl, "credentialsForUrl");
    }

    /**
     * Checks out {@code commitSha} of {@code cloneUrl} as a detached HEAD in a clean work tree, and holds the
     * repository's lock until the returned checkout is closed.
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
                .or(() -> uri.getPass() == null
                        ? Optional.empty()
                        : Optional.of(new GitCredentials(uri.getUser() == null ? "" : uri.getUser(), uri.getPass())));
        String key = sha256(safeUrl);
        Semaphore lock = locks.computeIfAbsent(key, k -> new Semaphore(1));
        try {
            lock.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckoutException("interrupted while waiting for the checkout lock of " + safeUrl, e);
        }
        long started = System.nanoTime();
        try {
            Path folder = cacheRoot.resolve(key);
            boolean cacheHit;
            try {
                cacheHit = prepare(safeUrl, folder, credentials);
                try (Git git = Git.open(folder.toFile())) {
                    ObjectId commit = ObjectId.fromString(commitSha);
                    if (!isCommit(git.getRepository(), commit)) {
                        fetchCommitDirectly(git, commit, credentials);
                    }
                    if (!isCommit(git.getRepository(), commit)) {
                        throw new CheckoutException("commit " + commitSha + " is not in " + safeUrl);
                    }
                    checkoutClean(git, commitSha);
                    ObjectId head = git.getRepository().resolve("HEAD");
                    if (!commit.equals(head)) {
                        throw new CheckoutException("checked out " + (head == null ? "nothing" : head.name())
                                + " instead of commit " + commitSha + " of " + safeUrl);
                    }
                }
            } catch (IOException e) {
                throw new CheckoutException(
                        "cannot use the clone cache for " + safeUrl + ": " + scrub(e.getMessage(), credentials), e);
            } catch (GitAPIException e) {
                throw new CheckoutException(
                        "cannot check out " + commitSha + " of " + safeUrl + ": " + scrub(e.getMessage(), credentials),
                        e);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            LOG.log(
                    Level.INFO,
                    "checked out {0} of {1} in {2} ms ({3})",
                    commitSha,
                    safeUrl,
                    String.valueOf(millis),
                    cacheHit ? "fetched into cached clone" : "cloned");
            return new Checkout(folder, commitSha, cacheHit, millis, lock);
        } catch (RuntimeException | Error e) {
            lock.release();
            throw e;
        }
    }

    /** Clones into {@code folder}, or fetches when a usable clone is there; returns whether it was a cache hit. */
    private boolean prepare(String safeUrl, Path folder, Optional<GitCredentials> credentials)
            throws IOException, GitAPIException {
        if (Files.isDirectory(folder.resolve(".git"))) {
            try (Git git = Git.open(folder.toFile())) {
                remote(
                        git.fetch()
                                .setRemote("origin")
                                .setRefSpecs(FETCH_SPECS)
                                .setTagOpt(TagOpt.FETCH_TAGS)
                                .setRemoveDeletedRefs(true),
                        safeUrl,
                        credentials);
                return true;
            } catch (RepositoryNotFoundException e) {
                // a clone interrupted half-way leaves an unusable folder: start over rather than fail every build
                LOG.log(Level.WARNING, "discarding unusable cached clone of {0}", safeUrl);
            }
        }
        deleteRecursively(folder);
        Files.createDirectories(folder.getParent());
        try {
            remote(
                            Git.cloneRepository()
                                    .setURI(safeUrl)
                                    .setDirectory(folder.toFile())
                                    .setNoCheckout(true)
                                    .setCloneAllBranches(true),
                            safeUrl,
                            credentials)
                    .close();
        } catch (RuntimeException | GitAPIException | Error e) {
            // a failed clone must not look like a cached one to the next build
            deleteRecursively(folder);
            throw e;
        }
        return false;
    }

    /** Runs a command that talks to the remote, turning transport failures into reasons a developer can act on. */
    private static <C extends TransportCommand<C, T>, T> T remote(
            TransportCommand<C, T> command, String safeUrl, Optional<GitCredentials> credentials)
            throws GitAPIException {
        credentials.ifPresent(c -> command.setCredentialsProvider(
                new UsernamePasswordCredentialsProvider(c.username(), c.token().toCharArray())));
        command.setTimeout(60);
        try {
            return command.call();
        } catch (InvalidRemoteException | TransportException e) {
            String message = String.valueOf(e.getMessage());
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("not authorized")
                    || lower.contains("authentication is required")
                    || lower.contains("authentication not supported")
                    || lower.contains("no credentialsprovider")) {
                throw new CheckoutException(
                        "authentication failed for " + safeUrl
                                + (credentials.isPresent()
                                        ? " (check the configured credentials)"
                                        : " (no credentials are configured for it)"),
                        e);
            }
            throw new CheckoutException("cannot reach " + safeUrl + ": " + scrub(message, credentials), e);
        }
    }

    /**
     * Fetches a commit no branch or tag leads to, e.g. one only under {@code refs/pull/*}; servers refuse wants of
     * commits no ref reaches (a deleted branch), which only means the commit is not available.
     */
    private static void fetchCommitDirectly(Git git, ObjectId commit, Optional<GitCredentials> credentials) {
        try {
            var fetch = git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec(commit.name()))
                    .setTagOpt(TagOpt.NO_TAGS);
            credentials.ifPresent(c -> fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                    c.username(), c.token().toCharArray())));
            fetch.setTimeout(60).call();
        } catch (GitAPIException | RuntimeException e) {
            LOG.log(Level.DEBUG, "direct fetch of {0} refused: {1}", commit.name(), scrub(e.getMessage(), credentials));
        }
    }

    private static boolean isCommit(Repository repository, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.parseCommit(id);
            return true;
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return false;
        }
    }

    /** {@code git checkout --force <sha> && git reset --hard && git clean -ffdx}: nothing of a previous build stays. */
    private static void checkoutClean(Git git, String commitSha) throws GitAPIException, IOException {
        if (git.getRepository().readDirCache().getEntryCount() == 0
                && git.getRepository().resolve(Constants.HEAD) != null) {
            // a fresh clone (no checkout) has an empty index under a HEAD with files: JGit would take every file of
            // HEAD that the target commit changes as deleted in the index and refuse; fill the index from HEAD first
            git.reset().setMode(ResetType.MIXED).call();
        }
        git.checkout().setName(commitSha).setForced(true).call();
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

    /** Removes a token from a message JGit built, in case a server or URL echoed it. */
    private static String scrub(String message, Optional<GitCredentials> credentials) {
        String text = String.valueOf(message);
        if (credentials.isPresent() && !credentials.get().token().isEmpty()) {
            text = text.replace(credentials.get().token(), "***");
        }
        return text;
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

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
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
        private final long millis;
        private final Semaphore lock;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Checkout(Path workTree, String commit, boolean cacheHit, long millis, Semaphore lock) {
            this.workTree = workTree;
            this.commit = commit;
            this.cacheHit = cacheHit;
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
            return "Checkout[workTree=" + workTree + ", commit=" + commit + ", cacheHit=" + cacheHit + ", millis="
                    + millis + "]";
        }
    }
}
