package io.gitopsflow.writer.service;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.edit.EditResult;
import io.gitopsflow.writer.edit.ManifestEditException;
import io.gitopsflow.writer.edit.ManifestEditors;
import io.gitopsflow.writer.git.Applier;
import io.gitopsflow.writer.git.CommitMessages;
import io.gitopsflow.writer.git.GitIdentity;
import io.gitopsflow.writer.git.GitOpsWorkspace;
import io.gitopsflow.writer.git.WriteRequest;
import io.gitopsflow.writer.git.WriteResult;
import io.gitopsflow.writer.pullrequest.PullRequest;
import io.gitopsflow.writer.pullrequest.PullRequestBranches;
import io.gitopsflow.writer.pullrequest.PullRequestException;
import io.gitopsflow.writer.pullrequest.PullRequestProvider;
import io.gitopsflow.writer.pullrequest.RepositoryFullNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes a batch of promotion requests that share a repository, branch and write mode as one commit (blocking: JGit):
 * each request's edit is applied on the freshly fetched branch, the changes are committed and pushed together (fetch,
 * re-apply and retry when another writer pushed first), and each request gets its own answer naming the shared
 * commit. A request whose edit cannot be made fails alone; the others still land.
 */
public final class BatchWriter {

    /** One request's answer. */
    public record Answer(
            String status,
            String commit,
            String previousValue,
            String newValue,
            String pullRequestUrl,
            String reason,
            int batchSize,
            int attempts) {

        static Answer failed(String reason) {
            return new Answer(ManifestWrite.FAILED, null, null, null, null, reason, 0, 0);
        }
    }

    private final GitOpsWorkspace workspace;
    private final ManifestEditors editors;
    private final CommitMessages messages;
    private final GitIdentity author;
    private final GitIdentity committer;
    private final List<String> allowedRepositories;
    private final Optional<PullRequestProvider> pullRequests;
    private final String repositoryPathPrefix;
    private final Consumer<String> refreshArgoCdApplication;

    public BatchWriter(
            GitOpsWorkspace workspace,
            ManifestEditors editors,
            CommitMessages messages,
            GitIdentity author,
            GitIdentity committer,
            List<String> allowedRepositories,
            Optional<PullRequestProvider> pullRequests,
            String repositoryPathPrefix,
            Consumer<String> refreshArgoCdApplication) {
        this.workspace = workspace;
        this.editors = editors;
        this.messages = messages;
        this.author = author;
        this.committer = committer;
        this.allowedRepositories = List.copyOf(allowedRepositories);
        this.pullRequests = pullRequests;
        this.repositoryPathPrefix = repositoryPathPrefix;
        this.refreshArgoCdApplication = refreshArgoCdApplication;
    }

    /** The key of the commit a request goes into: repository, branch, and the pull request branch in that mode. */
    public static String targetKey(PromotionRequested request) {
        GitOpsTarget target = request.target();
        String mode = target.writeMode() == GitOpsTarget.WriteMode.PULL_REQUEST
                ? "pr:" + PullRequestBranches.forPromotion(request.stage(), request.freightId())
                : "push";
        return target.repositoryUrl() + "#" + target.branch() + "#" + mode;
    }

    /**
     * Readies the local clone the batch of {@code request} will be written in, while its burst lingers (blocking:
     * JGit; see {@link GitOpsWorkspace#prepare}): only for a repository on the allow-list, in a mode this writer can
     * write; nothing is pushed.
     */
    public void prepare(PromotionRequested request) {
        GitOpsTarget target = request.target();
        boolean pullRequestMode = target.writeMode() == GitOpsTarget.WriteMode.PULL_REQUEST;
        if (!allowed(target.repositoryUrl()) || (pullRequestMode && pullRequests.isEmpty())) {
            return;
        }
        workspace.prepare(target.repositoryUrl(), branchOf(request), target.branch());
    }

    /**
     * {@code git gc --auto} on the local clone a batch of {@code request} was written in, once its answers are out
     * (blocking: JGit; see {@link GitOpsWorkspace#housekeep}).
     */
    public void housekeep(PromotionRequested request) {
        workspace.housekeep(
                request.target().repositoryUrl(),
                branchOf(request),
                request.target().branch());
    }

    /** The branch a request's batch is written to: its target's, or in pull-request mode its own. */
    private static String branchOf(PromotionRequested request) {
        return request.target().writeMode() == GitOpsTarget.WriteMode.PULL_REQUEST
                ? PullRequestBranches.forPromotion(request.stage(), request.freightId())
                : request.target().branch();
    }

    /** Writes {@code requests} (one target key, in arrival order) and answers each, by request id. */
    public Map<String, Answer> write(List<PromotionRequested> requests) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        List<PromotionRequested> writable = new ArrayList<>();
        for (PromotionRequested request : requests) {
            if (!allowed(request.target().repositoryUrl())) {
                answers.put(
                        request.requestId(),
                        Answer.failed("repository " + request.target().repositoryUrl()
                                + " is not on gitops-writer's allow-list (gitops-flow.writer.allowed-repositories)"));
            } else {
                writable.add(request);
            }
        }
        if (writable.isEmpty()) {
            return answers;
        }
        PromotionRequested first = writable.get(0);
        GitOpsTarget target = first.target();
        boolean pullRequestMode = target.writeMode() == GitOpsTarget.WriteMode.PULL_REQUEST;
        if (pullRequestMode && pullRequests.isEmpty()) {
            writable.forEach(request -> answers.put(
                    request.requestId(),
                    Answer.failed(
                            "pull-request mode needs gitops-flow.writer.pull-requests.provider, api-url and token")));
            return answers;
        }

        // what each attempt found; an attempt after a rejected push starts over on the new branch head
        Map<String, EditResult> edits = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Applier<CommitMessages.Change> applier = workTree -> {
            edits.clear();
            failures.clear();
            List<CommitMessages.Change> changes = new ArrayList<>();
            for (PromotionRequested request : writable) {
                try {
                    Path file = workTree.resolve(request.target().path());
                    if (!Files.isRegularFile(file)) {
                        throw new ManifestEditException(request.target().path() + " is not a file in "
                                + request.target().branch());
                    }
                    EditResult edit = editors.edit(Files.readString(file), request.target(), request.image());
                    edits.put(request.requestId(), edit);
                    if (edit.changed()) {
                        Files.writeString(file, edit.text());
                        changes.add(new CommitMessages.Change(
                                request.project(),
                                request.stage(),
                                request.target().argoCdApplication() != null
                                        ? request.target().argoCdApplication()
                                        : request.target().path(),
                                edit.previousValue(),
                                edit.newValue(),
                                request.promotionId(),
                                request.freightId()));
                    }
                } catch (ManifestEditException | IllegalArgumentException e) {
                    failures.put(request.requestId(), e.getMessage());
                } catch (IOException e) {
                    failures.put(
                            request.requestId(),
                            "cannot read or write " + request.target().path());
                }
            }
            return changes;
        };
        String branch =
                pullRequestMode ? PullRequestBranches.forPromotion(first.stage(), first.freightId()) : target.branch();
        WriteRequest<CommitMessages.Change> write = pullRequestMode
                ? WriteRequest.toPullRequestBranch(
                        target.repositoryUrl(), branch, target.branch(), applier, messages::render, author, committer)
                : WriteRequest.toBranch(target.repositoryUrl(), branch, applier, messages::render, author, committer);
        WriteResult<CommitMessages.Change> result = workspace.write(write);

        String commit;
        String status;
        int attempts;
        int carried;
        List<CommitMessages.Change> committed = List.of();
        if (result instanceof WriteResult.Committed<CommitMessages.Change> done) {
            commit = done.commit();
            status = ManifestWrite.COMMITTED;
            attempts = done.attempts();
            committed = done.changes();
            carried = done.changes().size();
        } else if (result instanceof WriteResult.NoChange<CommitMessages.Change> same) {
            commit = same.commit();
            status = ManifestWrite.NO_CHANGE;
            attempts = 1;
            carried = 0;
        } else {
            WriteResult.Failed<CommitMessages.Change> failed = (WriteResult.Failed<CommitMessages.Change>) result;
            for (PromotionRequested request : writable) {
                answers.put(
                        request.requestId(),
                        new Answer(
                                ManifestWrite.FAILED, null, null, null, null, failed.reason(), 0, failed.attempts()));
            }
            return answers;
        }

        String pullRequestUrl = null;
        String pullRequestFailure = null;
        if (pullRequestMode) {
            try {
                PullRequest pullRequest = pullRequests
                        .get()
                        .openOrUpdate(
                                RepositoryFullNames.fromCloneUrl(target.repositoryUrl(), repositoryPathPrefix),
                                branch,
                                target.branch(),
                                "Promote " + first.project() + "/" + first.stage() + " to freight "
                                        + (first.freightAlias() != null ? first.freightAlias() : first.freightId()),
                                "Opened by gitops-flow for promotion " + first.promotionId() + ".");
                pullRequestUrl = pullRequest.url();
            } catch (PullRequestException | IllegalArgumentException e) {
                pullRequestFailure = "the branch " + branch + " is pushed but the pull request could not be opened: "
                        + e.getMessage();
            }
        }

        Set<String> refresh = new LinkedHashSet<>();
        for (PromotionRequested request : writable) {
            String failure = failures.get(request.requestId());
            EditResult edit = edits.get(request.requestId());
            if (failure != null || edit == null) {
                answers.put(request.requestId(), Answer.failed(failure != null ? failure : "the edit did not run"));
                continue;
            }
            if (pullRequestFailure != null) {
                answers.put(request.requestId(), Answer.failed(pullRequestFailure));
                continue;
            }
            String requestStatus = pullRequestMode
                    ? ManifestWrite.PR_OPENED
                    : (edit.changed() && ManifestWrite.COMMITTED.equals(status)
                            ? ManifestWrite.COMMITTED
                            : ManifestWrite.NO_CHANGE);
            answers.put(
                    request.requestId(),
                    new Answer(
                            requestStatus,
                            commit,
                            edit.previousValue(),
                            edit.newValue(),
                            pullRequestUrl,
                            null,
                            carried,
                            attempts));
            if (ManifestWrite.COMMITTED.equals(requestStatus)
                    && request.target().argoCdApplication() != null) {
                refresh.add(request.target().argoCdApplication());
            }
        }
        if (!committed.isEmpty()) {
            refresh.forEach(refreshArgoCdApplication);
        }
        return answers;
    }

    private boolean allowed(String repositoryUrl) {
        for (String prefix : allowedRepositories) {
            String normalized = prefix.endsWith(".git") ? prefix : prefix.replaceAll("/+$", "");
            if (repositoryUrl.equals(normalized)
                    || repositoryUrl.equals(normalized + ".git")
                    || (prefix.endsWith("/") && repositoryUrl.startsWith(prefix))) {
                return true;
            }
        }
        return false;
    }
}
