package io.gitopsflow.writer.bench;

import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.writer.git.WorkTree;
import io.gitopsflow.writer.service.TestRequests;
import java.nio.file.Path;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * The physical limit of a write, with no service around it: on a clone made beforehand (not timed, as the writer's is
 * cached), one JGit fetch, the checkout of the fetched head when the clone is not at it already, the new content of
 * each file written (over the old, as the writer does: {@link WorkTree#overwrite}), one {@code add}, one commit and
 * one push, timed from the fetch to the push's answer.
 */
final class RawGitLimit implements AutoCloseable {

    private static final PersonIdent IDENTITY = new PersonIdent("bench", "bench@example.com");

    private final Git clone;

    private RawGitLimit(Git clone) {
        this.clone = clone;
    }

    /** Clones {@code repository} of the server (not timed). */
    static RawGitLimit cloneOf(GitServer git, String repository) throws Exception {
        Path folder = TestFolders.newFolder("bench-raw-jgit");
        return new RawGitLimit(Git.cloneRepository()
                .setURI(git.repositoryUrl(repository))
                .setDirectory(folder.toFile())
                .setBranch("main")
                .call());
    }

    /**
     * Fetches, writes the first {@code apps} applications' values files with {@code version}, commits and pushes.
     *
     * @return the milliseconds it took
     */
    long write(int apps, String version) throws Exception {
        long began = System.nanoTime();
        clone.fetch().setRemote("origin").call();
        ObjectId fetched = clone.getRepository().resolve("refs/remotes/origin/main");
        if (!fetched.equals(clone.getRepository().resolve("HEAD"))) {
            clone.reset()
                    .setMode(ResetCommand.ResetType.HARD)
                    .setRef(fetched.name())
                    .call();
        }
        Path work = clone.getRepository().getWorkTree().toPath();
        AddCommand add = clone.add();
        for (int i = 0; i < apps; i++) {
            String path = WriterStack.path(i);
            WorkTree.overwrite(work.resolve(path), TestRequests.values(WriterStack.name(i), version + i));
            add.addFilepattern(path);
        }
        add.call();
        clone.commit()
                .setMessage("bench: " + apps + " updates")
                .setAuthor(IDENTITY)
                .setCommitter(IDENTITY)
                .call();
        for (PushResult result : clone.push().setRemote("origin").add("main").call()) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                if (update.getStatus() != RemoteRefUpdate.Status.OK) {
                    throw new IllegalStateException("raw push refused: " + update.getStatus());
                }
            }
        }
        return (System.nanoTime() - began) / 1_000_000;
    }

    @Override
    public void close() {
        clone.close();
    }
}
