package io.gitopsflow.writer.service;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.edit.EditResult;
import io.gitopsflow.writer.edit.ManifestEditors;
import io.gitopsflow.writer.git.CommitMessages.Change;
import io.gitopsflow.writer.git.GitOpsWorkspace;
import io.gitopsflow.writer.git.WriteRequest;
import io.gitopsflow.writer.git.WriteResult;
import io.gitopsflow.writer.pullrequest.PullRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a batch of promotion requests that share a repository, branch and write mode as one commit (blocking: JGit):
 * each request's edit is applied on the freshly fetched branch ({@link BatchEdits}), the changes are committed and
 * pushed together (fetch, re-apply and retry when another writer pushed first), and each request gets its own answer
 * naming the shared commit. A request whose edit cannot be made fails alone; the others still land.
 */
public final class BatchWriter {

    /**
     * One request's answer.
     *
     * @param retryLater the Git host or its pull-request API could not be reached (or other writers kept moving the
     *     branch): nothing is answered yet, the request is written again later; {@code status} is FAILED and {@code
     *     reason} says why, for when the writer gives up
     */
    public record Answer(
            String status,
            String commit,
            String previousValue,
            String newValue,
            String pullRequestUrl,
            String reason,
            int batchSize,
            int attempts,
            boolean retryLater) {

        Answer(
                String status,
                String commit,
                String previousValue,
                String newValue,
                String pullRequestUrl,
                int size,
                int attempts) {
            this(status, commit, previousValue, newValue, pullRequestUrl, null, size, attempts, false);
        }

        static Answer failed(String reason) {
            return new Answer(ManifestWrite.FAILED, null, null, null, null, reason, 0, 0, false);
        }

        static Answer failed(String reason, int attempts, boolean retryLater) {
            return new Answer(ManifestWrite.FAILED, null, null, null, null, reason, 0, attempts, retryLater);
        }
    }

    private final GitOpsWorkspace workspace;
    private final ManifestEditors editors;
    private final CommitSettings commits;
    private final RepositoryAllowList allowList;
    private final PullRequestOpener pullRequests;
    private final Consumer<ArgoCdRequest> argoCd;

    /**
     * @param argoCd asks Argo CD to refresh (and, when the target says so, sync) an Application after a commit
     */
    public BatchWriter(
            GitOpsWorkspace workspace,
            ManifestEditors editors,
            CommitSettings commits,
            RepositoryAllowList allowList,
            PullRequestOpener pullRequests,
            Consumer<ArgoCdRequest> argoCd) {
        this.workspace = workspace;
        this.editors = editors;
        this.commits = commits;
        this.allowList = allowList;
        this.pullRequests = pullRequests;
        this.argoCd = argoCd;
    }

    /**
     * Readies the local clone the batch of {@code request} will be written in, while its burst lingers (blocking:
     * JGit; see {@link GitOpsWorkspace#prepare}): only for a repository on the allow-list, in a mode this writer can
     * write; nothing is pushed.
     */
    public void prepare(PromotionRequested request) {
        if (writable(request) == null) {
            workspace.prepare(
                    request.target().repositoryUrl(),
                    WriteBatching.branchOf(request),
                    request.target().branch());
        }
    }

    /**
     * {@code git gc --auto} on the local clone a batch of {@code request} was written in, once its answers are out
     * (blocking: JGit; see {@link GitOpsWorkspace#housekeep}).
     */
    public void housekeep(PromotionRequested request) {
        workspace.housekeep(
                request.target().repositoryUrl(),
                WriteBatching.branchOf(request),
                request.target().branch());
    }

    /**
     * Writes {@code requests} (one target key, in arrival order) and answers each, by request id; {@code knownHead}
     * is the commit the target's last write pushed, as the queue recorded it, or null (see {@link
     * WriteRequest#knownHead()}).
     */
    public Map<String, Answer> write(List<PromotionRequested> requests, String knownHead) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        List<PromotionRequested> writable = new ArrayList<>();
        for (PromotionRequested request : requests) {
            String refusal = writable(request);
            if (refusal == null) {
                writable.add(request);
            } else {
                answers.put(request.requestId(), Answer.failed(refusal));
            }
        }
        if (writable.isEmpty()) {
            return answers;
        }
        BatchEdits edits = new BatchEdits(editors, writable);
        WriteResult<Change> result =
                workspace.write(writeRequest(writable.get(0), edits).withKnownHead(knownHead));
        answers.putAll(answer(writable, edits, result));
        return answers;
    }

    /** Why this writer cannot write {@code request}, or null when it can. */
    private String writable(PromotionRequested request) {
        if (!allowList.allows(request.target().repositoryUrl())) {
            return "repository " + request.target().repositoryUrl()
                    + " is not on gitops-writer's allow-list (gitops-flow.writer.allowed-repositories)";
        }
        if (WriteBatching.pullRequestMode(request) && !pullRequests.configured()) {
            return "pull-request mode needs gitops-flow.writer.pull-requests.provider, api-url and token";
        }
        try {
            WriteBatching.branchOf(request);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    private WriteRequest<Change> writeRequest(PromotionRequested first, BatchEdits edits) {
        GitOpsTarget target = first.target();
        String branch = WriteBatching.branchOf(first);
        return WriteBatching.pullRequestMode(first)
                ? WriteRequest.toPullRequestBranch(
                        target.repositoryUrl(),
                        branch,
                        target.branch(),
                        edits,
                        commits.messages()::render,
                        commits.author(),
                        commits.committer())
                : WriteRequest.toBranch(
                        target.repositoryUrl(),
                        branch,
                        edits,
                        commits.messages()::render,
                        commits.author(),
                        commits.committer());
    }

    /** Each request's answer to the batch's write; Argo CD is asked to refresh or sync what was committed. */
    private Map<String, Answer> answer(
            List<PromotionRequested> writable, BatchEdits edits, WriteResult<Change> result) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        if (result instanceof WriteResult.Failed<Change> failed) {
            // a host that cannot be reached now may be later: the batch is written again then
            boolean retryLater = failed.failure().retryable();
            writable.forEach(request ->
                    answers.put(request.requestId(), Answer.failed(failed.reason(), failed.attempts(), retryLater)));
            return answers;
        }
        Written written = Written.of(result);
        PromotionRequested first = writable.get(0);
        boolean pullRequestMode = WriteBatching.pullRequestMode(first);
        String pullRequestUrl = null;
        String pullRequestFailure = null;
        boolean retryLater = false;
        if (pullRequestMode) {
            try {
                pullRequestUrl = pullRequests.open(first, WriteBatching.branchOf(first));
            } catch (PullRequestException | IllegalArgumentException e) {
                pullRequestFailure = "the branch " + WriteBatching.branchOf(first)
                        + " is pushed but the pull request could not be opened: " + e.getMessage();
                // the next try finds the branch pushed (no change) and opens the pull request
                retryLater = e instanceof PullRequestException refused && refused.retryable();
            }
        }
        Map<String, ArgoCdRequest> followUps = new LinkedHashMap<>();
        for (PromotionRequested request : writable) {
            String failure = edits.failure(request.requestId());
            EditResult edit = edits.edit(request.requestId());
            if (failure != null || edit == null) {
                answers.put(request.requestId(), Answer.failed(failure != null ? failure : "the edit did not run"));
                continue;
            }
            if (pullRequestFailure != null) {
                answers.put(request.requestId(), Answer.failed(pullRequestFailure, written.attempts(), retryLater));
                continue;
            }
            String status = pullRequestMode
                    ? ManifestWrite.PR_OPENED
                    : (edit.changed() && written.committed() ? ManifestWrite.COMMITTED : ManifestWrite.NO_CHANGE);
            answers.put(request.requestId(), written.answer(status, edit, pullRequestUrl));
            ArgoCdRequest followUp =
                    ManifestWrite.COMMITTED.equals(status) ? ArgoCdRequest.of(request, written.commit()) : null;
            if (followUp != null) {
                followUps.merge(followUp.application(), followUp, ArgoCdRequest::and);
            }
        }
        if (written.carried() > 0) {
            followUps.values().forEach(argoCd);
        }
        return answers;
    }

    /**
     * A write that reached the branch: the commit that holds the batch's changes (new, or the head that already held
     * them), how many changes it carries and how many pushes it took.
     */
    private record Written(String commit, boolean committed, int carried, int attempts) {

        static Written of(WriteResult<Change> result) {
            if (result instanceof WriteResult.Committed<Change> done) {
                return new Written(done.commit(), true, done.changes().size(), done.attempts());
            }
            WriteResult.NoChange<Change> same = (WriteResult.NoChange<Change>) result;
            return new Written(same.commit(), false, 0, 1);
        }

        Answer answer(String status, EditResult edit, String pullRequestUrl) {
            return new Answer(status, commit, edit.previousValue(), edit.newValue(), pullRequestUrl, carried, attempts);
        }
    }
}
