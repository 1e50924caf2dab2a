package io.gitopsflow.buildworker.checkout;

import static io.gitopsflow.buildworker.checkout.GitRemote.BRANCHES;
import static io.gitopsflow.buildworker.checkout.GitRemote.FETCH_SPECS;
import static io.gitopsflow.buildworker.checkout.GitRemote.fetch;
import static io.gitopsflow.buildworker.checkout.GitRemote.remote;
import static io.gitopsflow.buildworker.checkout.GitRemote.shallowRemote;

import io.gitopsflow.buildworker.checkout.GitRemote.ShallowRefusedException;
import io.gitopsflow.events.git.GitCredentials;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One repository's clone in the cache, kept as shallow as the configured depth allows: a fresh clone, a fetch into it,
 * and the deepening that brings in a commit the shallow history lacks (by its id where the server allows that, else
 * deeper and deeper branches, else the full history). Each step answers what it did, for the checkout's log line.
 */
final class CachedClone {

    /** How many times deeper each deepening step fetches the branches, before the history is fetched in full. */
    private static final int DEEPEN_FACTOR = 10;
    /** How many deepening steps come before the full history. */
    private static final int DEEPEN_STEPS = 2;

    private final int cloneDepth;

    /** @param cloneDepth commits of history per branch asked for; 0 for full clones */
    CachedClone(int cloneDepth) {
        this.cloneDepth = cloneDepth;
    }

    /** Fetches into a cached clone, keeping a shallow one shallow; answers what it did. */
    String update(Git git, String safeUrl, ObjectId commit, Optional<GitCredentials> credentials)
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
            Log.infof("depth fetch from %s failed (%s): fetching without depth", safeUrl, e.getMessage());
            shallowRemote(fetch(git, List.of(BRANCHES)), safeUrl, credentials);
            how = "fetched into cached shallow clone without depth";
        }
        return how + deepen(git, safeUrl, commit, credentials);
    }

    /**
     * Fetches a commit the shallow history lacks: by its id where the server allows that, else deeper and deeper
     * branches, else all of the history with tags (a full clone's); answers what it did.
     */
    String deepen(Git git, String safeUrl, ObjectId commit, Optional<GitCredentials> credentials)
            throws IOException, GitAPIException, ShallowRefusedException {
        Repository repository = git.getRepository();
        if (isCommit(repository, commit) || !isShallow(repository)) {
            return "";
        }
        if (GitCheckout.fetchCommitDirectly(git, commit, credentials, cloneDepth) && isCommit(repository, commit)) {
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
    static void clone(String safeUrl, Path folder, Optional<GitCredentials> credentials, int depth)
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

    /** Whether the clone's history is cut off: JGit keeps the cut in {@code .git/shallow}. */
    static boolean isShallow(Repository repository) throws IOException {
        return !repository.getObjectDatabase().getShallowCommits().isEmpty();
    }

    static boolean isCommit(Repository repository, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.parseCommit(id);
            return true;
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return false;
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
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
}
