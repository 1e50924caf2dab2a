package io.gitopsflow.writer.git;

import io.gitopsflow.writer.git.AttemptOutcome.Rejection;
import io.gitopsflow.writer.git.WriteResult.Committed;
import io.gitopsflow.writer.git.WriteResult.Failed;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * Pushes one commit to the branch, never forced, expecting the remote head the commit was built on (or no branch at
 * all), so a concurrent update is rejected rather than overwritten; tells a lost race from the host's own refusal.
 */
final class BranchPush {

    private final RemoteBranches remote;

    BranchPush(RemoteBranches remote) {
        this.remote = remote;
    }

    /**
     * Pushes {@code commit}, built on {@code expectedHead} (null: the branch is new).
     *
     * @param refusals how often in a row the host refused a push on {@code expectedHead} before
     */
    <C> AttemptOutcome<C> push(
            Repository repository,
            CloneTarget target,
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
                RemoteBranches.TRACKING_PREFIX + target.branch(),
                expectedHead == null ? ObjectId.zeroId() : expectedHead);
        PushResult result;
        try (Transport transport = Transport.open(repository, new URIish(target.url()))) {
            transport.setTimeout(remote.timeoutSeconds());
            transport.setCredentialsProvider(target.credentialsProvider());
            result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (TransportException e) {
            return AttemptOutcome.done(WriteFailures.remote(target, "push", e, attempt));
        } catch (NotSupportedException | URISyntaxException e) {
            Failed<C> failed =
                    WriteFailures.failed(target, WriteFailure.INVALID_REQUEST, target.scrub(e.getMessage()), attempt);
            return AttemptOutcome.done(failed);
        }
        return outcome(result.getRemoteUpdate(remoteRef), target, commit, expectedHead, changes, attempt, refusals);
    }

    private static <C> AttemptOutcome<C> outcome(
            RemoteRefUpdate reported,
            CloneTarget target,
            RevCommit commit,
            ObjectId expectedHead,
            List<C> changes,
            int attempt,
            int refusals) {
        RemoteRefUpdate.Status status = reported == null ? RemoteRefUpdate.Status.NOT_ATTEMPTED : reported.getStatus();
        String detail = reported == null || reported.getMessage() == null
                ? status.name().toLowerCase(Locale.ROOT)
                : target.scrub(reported.getMessage());
        return switch (status) {
            case OK, UP_TO_DATE -> {
                Log.infof("pushed %s to %s (%d change(s), attempt %d)", commit.name(), target, changes.size(), attempt);
                yield AttemptOutcome.done(new Committed<>(commit.name(), target.branch(), changes, attempt));
            }
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
                AttemptOutcome.rejected(
                        new Rejection(true, expectedHead, "another writer updated the branch (" + detail + ")", 0));
            // JGit's and GitHub's servers report a lost race as "failed to lock" or "invalid old id sent"; a protected
            // branch or a hook use the same status: whether the branch moved in the meantime tells them apart
            case REJECTED_OTHER_REASON ->
                AttemptOutcome.rejected(new Rejection(false, expectedHead, detail, refusals + 1));
            default ->
                AttemptOutcome.done(WriteFailures.failed(
                        target, WriteFailure.PUSH_REJECTED, "the push to " + target + " failed: " + detail, attempt));
        };
    }
}
