package io.gitopsflow.promotion.pipeline;

import io.gitopsflow.promotion.config.PromotionConfig;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FileUtils;

/**
 * A checkout of one branch of the repository holding the pipeline files, as a git-sync sidecar keeps one: cloned at
 * start (a failure refuses the start, as invalid pipelines do), then fetched and reset to the branch at each reload.
 * A fetch that fails (the Git host down, credentials refused) keeps the last checkout in force, is logged once per
 * outage and reported by the readiness check's data; the next reload tries again.
 */
public final class PipelineGitCheckout {

    private final PromotionConfig.PipelinesGit settings;
    private final URI url;
    private final AtomicReference<State> state = new AtomicReference<>(new State(null, null, null));
    private Git git;

    PipelineGitCheckout(PromotionConfig.PipelinesGit settings, URI url) {
        this.settings = settings;
        this.url = url;
    }

    /**
     * What the checkout holds.
     *
     * @param commit the commit whose files are in force, null before the first clone
     * @param failure the last fetch's failure while it lasts, null once a fetch succeeded again
     * @param failingSince when fetches started failing, null when they succeed
     */
    public record State(String commit, String failure, Instant failingSince) {}

    /** The folder of the checkout whose files are read. */
    Path folder() {
        return settings.checkout().resolve(settings.path()).normalize();
    }

    State state() {
        return state.get();
    }

    /** Clones on the first call (throws when that fails), then fetches and resets to the branch. */
    synchronized void refresh() {
        if (git == null) {
            git = cloned();
            return;
        }
        try {
            git.fetch()
                    .setRemote("origin")
                    .setRefSpecs("+refs/heads/" + settings.branch() + ":refs/remotes/origin/" + settings.branch())
                    .setCredentialsProvider(credentials())
                    .setTimeout(timeoutSeconds())
                    .call();
            git.reset()
                    .setMode(ResetCommand.ResetType.HARD)
                    .setRef("refs/remotes/origin/" + settings.branch())
                    .call();
            fetched();
        } catch (GitAPIException | RuntimeException e) {
            failed(e);
        }
    }

    private Git cloned() {
        Path target = settings.checkout();
        try {
            deleteRecursively(target);
            Git cloned = Git.cloneRepository()
                    .setURI(url.toString())
                    .setBranch(settings.branch())
                    .setBranchesToClone(List.of("refs/heads/" + settings.branch()))
                    .setCredentialsProvider(credentials())
                    .setTimeout(timeoutSeconds())
                    .setDirectory(target.toFile())
                    .call();
            git = cloned;
            fetched();
            return cloned;
        } catch (GitAPIException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot clone the pipelines repository " + url + " (branch " + settings.branch() + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private void fetched() {
        String commit = head();
        State before = state.getAndSet(new State(commit, null, null));
        if (before.failure() != null) {
            Log.infof("pipelines repository %s answers again (failing since %s)", url, before.failingSince());
        }
        if (!commit.equals(before.commit())) {
            Log.infof("pipelines from %s branch %s at %s", url, settings.branch(), commit);
        }
    }

    private void failed(Exception e) {
        State before = state.get();
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (before.failure() == null) {
            Log.warnf(
                    "cannot fetch the pipelines repository %s: %s; the pipelines of %s stay in force, retried at each"
                            + " reload",
                    url, reason, before.commit());
        }
        state.set(new State(
                before.commit(), reason, before.failingSince() == null ? Instant.now() : before.failingSince()));
    }

    private String head() {
        try {
            ObjectId head = git.getRepository().resolve("HEAD");
            return head == null ? "" : head.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CredentialsProvider credentials() {
        return settings.username().isPresent() || settings.password().isPresent()
                ? new UsernamePasswordCredentialsProvider(
                        settings.username().orElse("git"), settings.password().orElse(""))
                : null;
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, settings.timeout().toSeconds());
    }

    private static void deleteRecursively(Path folder) {
        try {
            FileUtils.delete(folder.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the pipelines checkout " + folder, e);
        }
    }
}
