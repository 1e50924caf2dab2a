package io.gitopsflow.buildworker.checkout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
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
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
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
 * <p>Clones are shallow where the server allows it ({@code cloneDepth} commits of each branch, 1 by default; 0 for
 * full clones), and later fetches of a shallow cache are shallow too, so the cache holds little more than the trees
 * that were built. A commit the shallow history lacks (the queue may build one older than the branch head) is fetched
 * by its id at that depth; where the server refuses wants of commits no ref points at, the branches are deepened
 * stepwise (10×, then 100× the depth) and finally unshallowed, with tags, which is a full clone's history. A server
 * that refuses shallow requests gets a full clone instead, and the cache stays full: shallow is only a saving, never a
 * reason for a build to fail that a full clone would have made.
 */
public final class GitCheckout {

    /** The clone depth of {@link #GitCheckout(Path, Function)}: the checked-out commit alone. */
    public static final int DEFAULT_CLONE_DEPTH = 1;

    private static final System.Logger LOG = System.getLogger(GitCheckout.class.getName());
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/remotes/origin/*");
    private static final List<RefSpec> FETCH_SPECS = List.of(BRANCHES, new RefSpec("+refs/tags/*:refs/tags/*"));
    /** How many times deeper each deepening step fetches the branches, before the history is fetched in full. */
    private static final int DEEPEN_FACTOR = 10;
    /** How many deepening steps come before the full history. */
    private static final int DEEPEN_STEPS = 2;

    private final Path cacheRoot;
    private final Function<String, Optional<GitCredentials>> credentialsForUrl;
    private final int cloneDepth;
    private final ConcurrentHashMap<String, Semaphore> locks = new ConcurrentHashMap<>();

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
            Prepared prepared;
            boolean shallow;
            try {
                ObjectId commit = ObjectId.fromString(commitSha);
                prepared = prepare(safeUrl, folder, commit, credentials);
                try (Git git = Git.open(folder.toFile())) {
                    if (!isCommit(git.getRepository(), commit)) {
                        fetchCommitDirectly(git, commit, credentials, 0);
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
                    shallow = isShallow(git.getRepository());
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
                    prepared.how());
            return new Checkout(folder, commitSha, prepared.cacheHit(), shallow, millis, lock);
        } catch (RuntimeException | Error e) {
            lock.release();
            throw e;
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
                return new Prepared(true, update(git, safeUrl, commit, credentials));
            } catch (RepositoryNotFoundException e) {
                // a clone interrupted half-way leaves an unusable folder: start over rather than fail every build
                LOG.log(Level.WARNING, "discarding unusable cached clone of {0}", safeUrl);
            } catch (ShallowRefusedException e) {
                // a shallow clone cannot be fetched into without shallow requests: a full clone replaces it
                LOG.log(
                        Level.WARNING,
                        "{0} refused a shallow fetch ({1}): replacing the cached shallow clone by a full clone",
                        safeUrl,
                        e.getMessage());
            }
        }
        deleteRecursively(folder);
        Files.createDirectories(folder.getParent());
        if (cloneDepth > 0) {
            try {
                clone(safeUrl, folder, credentials, cloneDepth);
                try (Git git = Git.open(folder.toFile())) {
                    return new Prepared(
                            false, "cloned with depth " + cloneDepth + deepen(git, safeUrl, commit, credentials));
                }
            } catch (ShallowRefusedException e) {
                LOG.log(Level.INFO, "{0} refused a shallow clone ({1}): cloning in full", safeUrl, e.getMessage());
                deleteRecursively(folder);
            }
        }
        try {
            clone(safeUrl, folder, credentials, 0);
        } catch (ShallowRefusedException e) {
            throw new IllegalStateException("a full clone makes no shallow request", e);
        }
        return new Prepared(false, cloneDepth > 0 ? "cloned in full: the server refused a shallow clone" : "cloned");
    }

    /** Fetches into a cached clone, keeping a shallow one shallow; answers what it did. */
    private String update(Git git, String safeUrl, ObjectId commit, Optional<GitCredentials> credentials)
            throws IOException, GitAPIException, ShallowRefusedException {
        if (!isShallow(git.getRepository())) {
            // a full clone (depth 0, or a server that refused shallow) stays full: a fetch brings only what is new
            remote(fetch(git, FETCH_SPECS), safeUrl, credentials);
            return "fetched into cached clone";
        }
        if (cloneDepth == 0) {
            // configured for full clones since this shallow clone was made
            shallowRemote(fetch(git, FETCH_SPECS).setUnshallow(true), safeUrl, credentials);
            return "fetched into cached clone, unshallowed";
        }
        String how = "fetched into cached clone with depth " + cloneDepth;
        try {
            shallowRemote(fetch(git, List.of(BRANCHES)).setDepth(cloneDepth), safeUrl, credentials);
        } catch (ShallowRefusedException e) {
            // JGit's client fails a depth fetch over smart HTTP whose negotiation needs more than one round of haves
            // (a cache deepened beyond ~32 commits); a fetch without depth still brings just the new commits
            LOG.log(Level.INFO, "depth fetch from {0} failed ({1}): fetching without depth", safeUrl, e.getMessage());
            shallowRemote(fetch(git, List.of(BRANCHES)), safeUrl, credentials);
            how = "fetched into cached shallow clone without depth";
        }
        return how + deepen(git, safeUrl, commit, credentials);
    }

    /**
     * Fetches a commit the shallow history lacks: by its id where the server allows that, else deeper and deeper
     * branches, else all of the history with tags (a full clone's); answers what it did.
     */
    private String deepen(Git git, String safeUrl, ObjectId commit, Optional<GitCredentials> credentials)
            throws IOException, GitAPIException, ShallowRefusedException {
        Repository repository = git.getRepository();
        if (isCommit(repository, commit) || !isShallow(repository)) {
            return "";
        }
        if (fetchCommitDirectly(git, commit, credentials, cloneDepth) && isCommit(repository, commit)) {
            return ", fetched the commit by id";
        }
        int depth = cloneDepth;
        for (int step = 0; step < DEEPEN_STEPS && isShallow(repository); step++) {
            // below JGit's "infinite" depth, which means unshallow
            depth = (int) Math.min(Integer.MAX_VALUE - 1L, (long) depth * DEEPEN_FACTOR);
            shallowRemote(fetch(git, List.of(BRANCHES)).setDepth(depth), safeUrl, credentials);
            if (isCommit(repository, commit)) {
                return ", deepened to " + depth;
            }
        }
        if (isShallow(repository)) {
            shallowRemote(fetch(git, FETCH_SPECS).setUnshallow(true), safeUrl, credentials);
            return ", unshallowed";
        }
        return ", complete history";
    }

    /** Clones every branch without a checkout, {@code depth} commits deep (0: full); a failed clone leaves nothing. */
    private static void clone(String safeUrl, Path folder, Optional<GitCredentials> credentials, int depth)
            throws GitAPIException, ShallowRefusedException, IOException {
        CloneCommand clone = Git.cloneRepository()
                .setURI(safeUrl)
                .setDirectory(folder.toFile())
                .setNoCheckout(true)
                .setCloneAllBranches(true);
        try {
            if (depth > 0) {
                shallowRemote(clone.setDepth(depth), safeUrl, credentials).close();
            } else {
                remote(clone, safeUrl, credentials).close();
            }
        } catch (RuntimeException | GitAPIException | ShallowRefusedException | Error e) {
            // a failed clone must not look like a cached one to the next build
            deleteRecursively(folder);
            throw e;
        }
    }

    private static FetchCommand fetch(Git git, List<RefSpec> specs) {
        return git.fetch()
                .setRemote("origin")
                .setRefSpecs(specs)
                .setTagOpt(specs.size() > 1 ? TagOpt.FETCH_TAGS : TagOpt.AUTO_FOLLOW)
                .setRemoveDeletedRefs(true);
    }

    /** Runs a command that talks to the remote, turning transport failures into reasons a developer can act on. */
    private static <C extends TransportCommand<C, T>, T> T remote(
            TransportCommand<C, T> command, String safeUrl, Optional<GitCredentials> credentials)
            throws GitAPIException {
        authenticate(command, credentials);
        try {
            return command.call();
        } catch (InvalidRemoteException | TransportException e) {
            throw failure(e, safeUrl, credentials);
        }
    }

    /**
     * Runs a command that asks for a shallow history: a failure a full clone would not have (anything but a refused
     * authentication or an unreachable host or repository) is the server refusing shallow requests.
     */
    private static <C extends TransportCommand<C, T>, T> T shallowRemote(
            TransportCommand<C, T> command, String safeUrl, Optional<GitCredentials> credentials)
            throws GitAPIException, ShallowRefusedException {
        authenticate(command, credentials);
        try {
            return command.call();
        } catch (InvalidRemoteException | TransportException e) {
            if (isAuthenticationFailure(e) || isUnreachable(e)) {
                throw failure(e, safeUrl, credentials);
            }
            throw new ShallowRefusedException(scrub(e.getMessage(), credentials), e);
        }
    }

    private static void authenticate(TransportCommand<?, ?> command, Optional<GitCredentials> credentials) {
        credentials.ifPresent(c -> command.setCredentialsProvider(
                new UsernamePasswordCredentialsProvider(c.username(), c.token().toCharArray())));
        command.setTimeout(60);
    }

    private static CheckoutException failure(GitAPIException e, String safeUrl, Optional<GitCredentials> credentials) {
        if (isAuthenticationFailure(e)) {
            return new CheckoutException(
                    "authentication failed for " + safeUrl
                            + (credentials.isPresent()
                                    ? " (check the configured credentials)"
                                    : " (no credentials are configured for it)"),
                    e);
        }
        return new CheckoutException("cannot reach " + safeUrl + ": " + scrub(e.getMessage(), credentials), e);
    }

    private static boolean isAuthenticationFailure(GitAPIException e) {
        String lower = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return lower.contains("not authorized")
                || lower.contains("authentication is required")
                || lower.contains("authentication not supported")
                || lower.contains("no credentialsprovider");
    }

    /** No host, no connection, no answer or no such repository: a full clone would fail the same way. */
    private static boolean isUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof NoRemoteRepositoryException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fetches a commit by its id, e.g. one only under {@code refs/pull/*}, {@code depth} deep (0: its whole history);
     * answers whether the server sent it. Servers refuse wants of commits no ref reaches (a deleted branch), and some
     * of commits no ref points at, which only means the commit is not available this way.
     */
    private static boolean fetchCommitDirectly(
            Git git, ObjectId commit, Optional<GitCredentials> credentials, int depth) {
        try {
            FetchCommand fetch = git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec(commit.name()))
                    .setTagOpt(TagOpt.NO_TAGS);
            if (depth > 0) {
                fetch.setDepth(depth);
            }
            authenticate(fetch, credentials);
            fetch.call();
            return true;
        } catch (GitAPIException | RuntimeException e) {
            LOG.log(Level.DEBUG, "direct fetch of {0} refused: {1}", commit.name(), scrub(e.getMessage(), credentials));
            return false;
        }
    }

    /** Whether the clone's history is cut off: JGit keeps the cut in {@code .git/shallow}. */
    private static boolean isShallow(Repository repository) throws IOException {
        return !repository.getObjectDatabase().getShallowCommits().isEmpty();
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

    /** A shallow request the server refused; the message holds no secret. */
    private static final class ShallowRefusedException extends Exception {

        ShallowRefusedException(String message, Throwable cause) {
            super(message, cause);
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
