package io.gitopsflow.writer.git;

import java.io.IOException;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/** The remote's branches as a local clone sees them: fetched into tracking refs, read back as heads. */
final class RemoteBranches {

    static final String REMOTE = "origin";
    static final String TRACKING_PREFIX = "refs/remotes/" + REMOTE + "/";
    /*
     * All branches rather than the one or two a write needs: an explicit refspec fails when its branch is missing, and
     * a pull-request branch is missing until the first write creates it. GitOps repositories have few branches, and
     * pull-request branches share almost every object with the base.
     */
    static final RefSpec FETCH_BRANCHES = new RefSpec("+refs/heads/*:" + TRACKING_PREFIX + "*");

    private final int timeoutSeconds;

    RemoteBranches(Duration networkTimeout) {
        this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toSeconds());
    }

    /** How long a fetch or push may wait on the remote, in JGit's unit. */
    int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Fetches every branch of the remote into the tracking refs (deleted ones removed), no tags. */
    void fetch(Git git, CloneTarget target) throws GitAPIException {
        git.fetch()
                .setRemote(REMOTE)
                .setRefSpecs(FETCH_BRANCHES)
                .setRemoveDeletedRefs(true)
                .setTagOpt(TagOpt.NO_TAGS)
                .setTimeout(timeoutSeconds)
                .setCredentialsProvider(target.credentialsProvider())
                .call();
    }

    /** The fetched head of {@code target}'s branch and of the branch a write starts from. */
    static Heads heads(Repository repository, CloneTarget target) throws IOException {
        ObjectId branchHead = trackingHead(repository, target.branch());
        ObjectId baseHead = target.pullRequestMode() ? trackingHead(repository, target.baseBranch()) : branchHead;
        return new Heads(target, branchHead, baseHead);
    }

    private static ObjectId trackingHead(Repository repository, String branch) throws IOException {
        Ref ref = repository.exactRef(TRACKING_PREFIX + branch);
        return ref == null ? null : ref.getObjectId();
    }

    /**
     * The remote heads a write starts from.
     *
     * @param branch the head of the branch written to, or null when it does not exist yet (a new pull-request branch)
     * @param base the head of the base branch (the branch itself in push mode), or null when it does not exist
     */
    record Heads(CloneTarget target, ObjectId branch, ObjectId base) {

        /** The commit the write builds on: the branch's head, or the base's for a new branch. */
        ObjectId start() {
            return branch != null ? branch : base;
        }

        /** The branch whose head {@link #start()} is. */
        String startBranch() {
            return branch != null ? target.branch() : target.baseBranch();
        }
    }
}
