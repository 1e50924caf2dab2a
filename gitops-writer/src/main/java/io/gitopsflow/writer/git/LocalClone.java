package io.gitopsflow.writer.git;

import java.io.IOException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * An open local clone and the commit its HEAD, index and files are known to match ({@code null}: unknown, so the next
 * write checks out in full). Used only under its lock ({@link LocalClones}).
 */
final class LocalClone {

    private final Git git;
    private ObjectId cleanAt;
    /** Initialized into an empty folder by this process and not checked out yet. */
    private boolean created;

    LocalClone(Git git, boolean created) {
        this.git = git;
        this.created = created;
    }

    Git git() {
        return git;
    }

    Repository repository() {
        return git.getRepository();
    }

    /** The files are those of {@code commit} now (this process wrote or readied them). */
    void cleanAt(ObjectId commit) {
        this.cleanAt = commit;
    }

    /** The files may differ from any commit (a write stopped midway): the next write checks out in full. */
    void dirty() {
        this.cleanAt = null;
    }

    /**
     * Checks the clone out clean at {@code start}, unless its files are known to be those of {@code start} already (the
     * common case: this process wrote the head itself, or readied the clone); afterwards they are unknown until the
     * caller knows them again ({@link #cleanAt}).
     *
     * @return whether the files were already those of {@code start}
     */
    boolean checkOut(ObjectId start) throws IOException, GitAPIException {
        boolean reused = start.equals(cleanAt);
        cleanAt = null;
        if (!reused) {
            checkOutClean(start);
            created = false;
        }
        return reused;
    }

    /**
     * Detached HEAD at {@code start}, index and files as in {@code start}, nothing untracked or ignored left over (a
     * clone just created holds nothing but what the reset wrote, so it is not cleaned).
     */
    private void checkOutClean(ObjectId start) throws IOException, GitAPIException {
        RefUpdate head = git.getRepository().updateRef(Constants.HEAD, true);
        head.setNewObjectId(start);
        head.disableRefLog();
        RefUpdate.Result result = head.forceUpdate();
        if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE) {
            throw new IOException("cannot move HEAD of the local clone: " + result);
        }
        git.reset().setMode(ResetType.HARD).setRef(start.name()).call();
        if (!created) {
            git.clean()
                    .setCleanDirectories(true)
                    .setIgnore(false)
                    .setForce(true)
                    .call();
        }
    }
}
