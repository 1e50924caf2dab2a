package io.gitopsflow.writer.git;

import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.writer.git.AttemptOutcome.Rejection;
import io.gitopsflow.writer.git.RemoteBranches.Heads;
import io.gitopsflow.writer.git.WriteResult.Failed;
import io.gitopsflow.writer.git.WriteResult.NoChange;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * One attempt at a write, under the clone's lock: fetch, check out the branch's head (skipped when the files are known
 * to be that head's already), run the {@link Applier}, stage the paths it resolved, and commit and push only when
 * files changed, so a redelivered request whose change is already on the branch is a {@link NoChange}, never an empty
 * commit.
 */
final class WriteAttempt {

    /** Refusals in a row on an unmoved branch after which the host's refusal is taken as final. */
    static final int REFUSALS_BEFORE_GIVING_UP = 2;

    private final LocalClones clones;
    private final RemoteBranches remote;
    private final BranchPush push;

    WriteAttempt(LocalClones clones, RemoteBranches remote) {
        this.clones = clones;
        this.remote = remote;
        this.push = new BranchPush(remote);
    }

    /**
     * Runs attempt number {@code attempt} of {@code request}. The first attempt of a request whose known head is what
     * this open clone last fetched builds on it without fetching; should it end in anything but a pushed commit (no
     * change, a failure), it fetches and runs again, so an answer is always about the branch as the host has it.
     *
     * @param previous the rejection that ended the attempt before, or null for the first
     * @throws LocalFailure when the local clone cannot be used; the remote and the request are not at fault
     */
    <C> AttemptOutcome<C> run(CloneTarget target, WriteRequest<C> request, int attempt, Rejection previous)
            throws LocalFailure {
        boolean mayTrust = previous == null && request.knownHead() != null && !target.pullRequestMode();
        AttemptOutcome<C> outcome = run(target, request, attempt, previous, mayTrust);
        return outcome != null ? outcome : run(target, request, attempt, null, false);
    }

    /**
     * One attempt, without a fetch when it may trust a known head; null when it did and ended {@link #unproven}: that
     * is checked against a fetched head.
     */
    private <C> AttemptOutcome<C> run(
            CloneTarget target, WriteRequest<C> request, int attempt, Rejection previous, boolean mayTrust)
            throws LocalFailure {
        Laps laps = new Laps();
        LocalClone clone = null;
        boolean trusted = false;
        try {
            boolean wasOpen = clones.isOpen(target);
            clone = clones.open(target);
            laps.lap("open");
            trusted = mayTrust && wasOpen && knownHeadFetched(clone, target, request.knownHead());
            if (trusted) {
                laps.note("head known, not fetched");
            } else {
                try {
                    remote.fetch(clone.git(), target);
                } catch (InvalidRemoteException | TransportException e) {
                    return AttemptOutcome.done(WriteFailures.remote(target, "fetch", e, attempt));
                }
                laps.lap("fetch");
            }
            Heads heads = RemoteBranches.heads(clone.repository(), target);
            if (heads.base() == null) {
                throw new Refused(
                        WriteFailure.BRANCH_NOT_FOUND,
                        "branch '" + target.baseBranch() + "' does not exist in " + target.url());
            }
            int refusals = previous == null ? 0 : previous.refusalsOn(heads.branch());
            if (refusals >= REFUSALS_BEFORE_GIVING_UP) {
                // the branch did not move, so the host refused the push itself: a protected branch, a hook
                throw new Refused(
                        WriteFailure.PUSH_REJECTED,
                        "the host refused the push to " + target + ": " + previous.message());
            }
            if (clone.checkOut(heads.start())) {
                laps.note("files already at the head");
            }
            laps.lap("check out");
            AttemptOutcome<C> outcome = applyAndPush(clone, heads, request, attempt, refusals, laps);
            Log.debugf("write to %s, attempt %d: %s", target, attempt, laps);
            return trusted && unproven(outcome.result()) ? null : outcome;
        } catch (Refused e) {
            return trusted
                    ? null
                    : AttemptOutcome.done(WriteFailures.failed(target, e.failure, e.getMessage(), attempt));
        } catch (IOException | GitAPIException | JGitInternalException | UncheckedIOException e) {
            if (clone != null) {
                clone.dirty();
            }
            throw new LocalFailure(target.scrub(e.getMessage()), e);
        }
    }

    /**
     * Whether {@code result}, reached on a known head without a fetch, may be about a stale head: only a push the host
     * took proves the head was the branch's (a rejection is retried with a fetch anyway, an unreachable host is one).
     */
    private static boolean unproven(WriteResult<?> result) {
        return result instanceof NoChange<?>
                || result instanceof Failed<?> failed && !failed.failure().retryable();
    }

    /** Whether {@code clone} last fetched {@code knownHead} as the head of {@code target}'s branch. */
    private static boolean knownHeadFetched(LocalClone clone, CloneTarget target, String knownHead) throws IOException {
        ObjectId fetched = RemoteBranches.heads(clone.repository(), target).branch();
        return fetched != null && ObjectId.isId(knownHead) && fetched.equals(ObjectId.fromString(knownHead));
    }

    /** Applies the change on the checked-out head; commits and pushes it when files changed. */
    private <C> AttemptOutcome<C> applyAndPush(
            LocalClone clone, Heads heads, WriteRequest<C> request, int attempt, int refusals, Laps laps)
            throws IOException, GitAPIException, Refused {
        CloneTarget target = heads.target();
        WorkTree workTree = new WorkTree(target.folder());
        List<C> changes = apply(request, workTree);
        laps.lap("apply");
        boolean differs =
                IndexStaging.stage(clone.repository(), target.folder(), workTree.resolvedPaths(), heads.start());
        laps.lap("stage " + workTree.resolvedPaths().size() + " path(s)");
        if (changes.isEmpty() || !differs) {
            // the files already say it (a redelivery, or a concurrent writer made the same change)
            if (!differs) {
                clone.cleanAt(heads.start());
            }
            return AttemptOutcome.done(new NoChange<>(heads.start().name(), heads.startBranch()));
        }
        RevCommit commit = clone.git()
                .commit()
                .setMessage(message(request, changes))
                .setAuthor(request.author().toPersonIdent())
                .setCommitter(request.committer().toPersonIdent())
                .setSign(false)
                .setNoVerify(true)
                .setAllowEmpty(false)
                .call();
        // HEAD, the index and the files are the commit's now, whether the push is taken or not
        clone.cleanAt(commit.getId());
        laps.lap("commit");
        AttemptOutcome<C> outcome =
                push.push(clone.repository(), target, commit, heads.branch(), changes, attempt, refusals);
        laps.lap("push");
        return outcome;
    }

    private static <C> List<C> apply(WriteRequest<C> request, WorkTree workTree) throws Refused {
        try {
            return List.copyOf(Objects.requireNonNull(request.applier().apply(workTree), "the applier returned null"));
        } catch (InvalidNameException e) {
            throw new Refused(WriteFailure.INVALID_REQUEST, e.getMessage());
        } catch (Exception e) {
            throw new Refused(WriteFailure.APPLIER_FAILED, "cannot apply the change: " + WriteFailures.describe(e));
        }
    }

    private static <C> String message(WriteRequest<C> request, List<C> changes) throws Refused {
        String message;
        try {
            message = request.message().forChanges(changes);
        } catch (RuntimeException e) {
            throw new Refused(
                    WriteFailure.INVALID_REQUEST, "cannot write the commit message: " + WriteFailures.describe(e));
        }
        if (message == null || message.isBlank()) {
            throw new Refused(WriteFailure.INVALID_REQUEST, "the commit message is empty");
        }
        return message;
    }

    /** The attempt ends with a failure that another attempt would not change. */
    private static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient WriteFailure failure;

        Refused(WriteFailure failure, String reason) {
            super(reason, null, false, false);
            this.failure = failure;
        }
    }

    /** Where an attempt's time went, for the debug log: "open 2 ms, fetch 31 ms, ...". */
    private static final class Laps {

        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void lap(String name) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ")
                    .append(name)
                    .append(' ')
                    .append((now - last) / 1_000_000)
                    .append(" ms");
            last = now;
        }

        void note(String note) {
            text.append(text.isEmpty() ? "" : ", ").append('(').append(note).append(')');
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
