package io.gitopsflow.writer.git;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * The local clones this process keeps open between writes, one per {@link CloneTarget#key()}, and the lock of each:
 * one writer (or housekeeping, or readying) at a time per clone inside the process. Other processes never share the
 * folder: the shared queue gives a branch to one instance at a time ({@code WriteQueueTables}), and the push, never
 * forced, is the last guard.
 */
final class LocalClones {

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** The open clones, by {@link CloneTarget#key()}; each used only under its lock. */
    private final ConcurrentHashMap<String, LocalClone> open = new ConcurrentHashMap<>();

    /** The lock of {@code target}'s clone. */
    ReentrantLock lockOf(CloneTarget target) {
        return locks.computeIfAbsent(target.key(), key -> new ReentrantLock());
    }

    /** Whether this process has {@code target}'s clone open. */
    boolean isOpen(CloneTarget target) {
        return open.containsKey(target.key());
    }

    /** The clone of {@code target}, open from an earlier write or opened (created when missing) now; under its lock. */
    LocalClone open(CloneTarget target) throws IOException, GitAPIException {
        Path folder = target.folder();
        LocalClone clone = open.get(target.key());
        if (clone != null) {
            if (Files.isDirectory(folder.resolve(Constants.DOT_GIT))) {
                return clone;
            }
            forget(target);
        }
        Git git = null;
        boolean created = false;
        if (Files.isDirectory(folder.resolve(Constants.DOT_GIT))) {
            try {
                git = Git.open(folder.toFile());
            } catch (RepositoryNotFoundException e) {
                delete(folder);
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
        configure(git, target);
        clone = new LocalClone(git, created);
        open.put(target.key(), clone);
        return clone;
    }

    /** Written on every open, so a clone whose first write crashed before this point heals itself. */
    private static void configure(Git git, CloneTarget target) throws IOException {
        StoredConfig config = git.getRepository().getConfig();
        if (target.url().equals(config.getString("remote", RemoteBranches.REMOTE, "url"))
                && !config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
            return;
        }
        config.setString("remote", RemoteBranches.REMOTE, "url", target.url());
        config.setString("remote", RemoteBranches.REMOTE, "fetch", RemoteBranches.FETCH_BRANCHES.toString());
        // files are written and committed byte for byte, whatever the machine's defaults
        config.setBoolean("core", null, "autocrlf", false);
        // the automatic garbage collection runs in the writing thread, under the clone's lock, never beside a write
        config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
        config.save();
    }

    /** Closes the open clone of {@code target}, if any: the next write opens it again and checks out in full. */
    void forget(CloneTarget target) {
        LocalClone clone = open.remove(target.key());
        if (clone != null) {
            clone.git().close();
        }
    }

    /** Closes and deletes the clone of {@code target} (left broken by a crash): the next write clones afresh. */
    void discard(CloneTarget target) {
        forget(target);
        delete(target.folder());
    }

    /**
     * {@code git gc --auto} on the open clone of {@code target} (JGit's {@link GC}, in this thread; the caller holds the
     * clone's lock): every write adds a pack (the batch's objects, and each fetch's), so once there are more than
     * {@code gc.autoPackLimit} (50) packs or {@code gc.auto} (6,700) loose objects they are packed into one, and the
     * packs it replaced are deleted. The writes it runs after have already been pushed, so a failure here is logged,
     * never reported.
     */
    void housekeep(CloneTarget target) {
        LocalClone clone = open.get(target.key());
        if (clone == null || !(clone.repository() instanceof FileRepository repository)) {
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
                Log.infof(
                        "packed the local clone of %s into %d pack(s) in %d ms",
                        target, packs.size(), (System.nanoTime() - began) / 1_000_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ParseException | GitAPIException | ExecutionException | RuntimeException e) {
            Log.warnf("cannot pack the local clone of %s: %s", target, target.scrub(e.getMessage()));
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException | UncheckedIOException e) {
            Log.warnf("cannot delete %s: %s", folder, e.getMessage());
        }
    }
}
