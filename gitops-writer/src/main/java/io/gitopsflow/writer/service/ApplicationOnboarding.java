package io.gitopsflow.writer.service;

import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.writer.git.GitOpsWorkspace;
import io.gitopsflow.writer.git.WriteFailure;
import io.gitopsflow.writer.git.WriteRequest;
import io.gitopsflow.writer.git.WriteResult;
import io.gitopsflow.writer.onboard.AppLayout;
import io.gitopsflow.writer.onboard.AppLayouts;
import io.gitopsflow.writer.onboard.OnboardingApplier;
import io.gitopsflow.writer.onboard.OnboardingFiles;
import io.gitopsflow.writer.onboard.OnboardingRequest;
import io.gitopsflow.writer.pullrequest.PullRequest;
import io.gitopsflow.writer.pullrequest.PullRequestBranches;
import io.gitopsflow.writer.pullrequest.PullRequestException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Onboards an application (blocking: JGit): checks the repository against the allow-list, generates its files
 * ({@link OnboardingFiles}) and writes them as one commit on the branch, or on {@code gitops-flow/onboard-<name>} with
 * its pull request. Idempotent: files already there with the same bytes are a no-change, an open pull request is
 * answered rather than opened again, and files there with other bytes are refused, never overwritten.
 */
@ApplicationScoped
public class ApplicationOnboarding {

    private final GitOpsWorkspace workspace;
    private final AppLayouts layouts;
    private final RepositoryAllowList allowList;
    private final PullRequestOpener pullRequests;
    private final CommitSettings commits;

    public ApplicationOnboarding(
            GitOpsWorkspace workspace,
            AppLayouts layouts,
            RepositoryAllowList allowList,
            PullRequestOpener pullRequests,
            CommitSettings commits) {
        this.workspace = workspace;
        this.layouts = layouts;
        this.allowList = allowList;
        this.pullRequests = pullRequests;
        this.commits = commits;
    }

    /**
     * Writes {@code request}'s files.
     *
     * @throws OnboardingRefused with the status and reason when nothing (or only the onboarding branch) was written
     */
    public Onboarded onboard(OnboardingRequest request) {
        Map<String, String> files = files(request);
        Onboarded onboarded =
                request.pullRequestMode() ? throughPullRequest(request, files) : committed(request, files);
        Log.infof(
                "onboarding of %s in %s: %s",
                request.name(), InvalidNameException.quote(request.repositoryUrl()), onboarded.status());
        return onboarded;
    }

    /** The files, once the layout, the repository and the write mode are known to be fine. */
    private Map<String, String> files(OnboardingRequest request) {
        AppLayout layout;
        try {
            layout = layouts.get(request.layout());
        } catch (InvalidNameException e) {
            throw new OnboardingRefused(400, e.getMessage());
        }
        if (!allowList.allows(request.repositoryUrl())) {
            throw new OnboardingRefused(
                    400,
                    "repository " + InvalidNameException.quote(request.repositoryUrl())
                            + " is not on gitops-writer's allow-list (gitops-flow.writer.allowed-repositories)");
        }
        if (request.pullRequestMode() && !pullRequests.configured()) {
            throw new OnboardingRefused(
                    400, "pull-request mode needs gitops-flow.writer.pull-requests.provider, api-url and token");
        }
        try {
            return OnboardingFiles.of(request, layout);
        } catch (IllegalArgumentException e) {
            throw new OnboardingRefused(400, e.getMessage());
        }
    }

    private Onboarded committed(OnboardingRequest request, Map<String, String> files) {
        OnboardingApplier applier = OnboardingApplier.writing(files);
        WriteResult<String> result = workspace.write(WriteRequest.toBranch(
                request.repositoryUrl(),
                request.branch(),
                applier,
                changes -> message(request, changes),
                commits.author(),
                commits.committer()));
        if (result instanceof WriteResult.Committed<String> done) {
            return new Onboarded(Onboarded.Status.COMMITTED, done.commit(), null, request.branch(), paths(files));
        }
        return alreadyThere(request, files, result, applier);
    }

    private Onboarded throughPullRequest(OnboardingRequest request, Map<String, String> files) {
        // merged already: the base branch holds every file, so there is nothing to open a pull request for
        OnboardingApplier onBase = OnboardingApplier.checking(files);
        WriteResult<String> base = workspace.write(WriteRequest.toBranch(
                request.repositoryUrl(),
                request.branch(),
                onBase,
                changes -> message(request, changes),
                commits.author(),
                commits.committer()));
        if (base instanceof WriteResult.Failed<String> || onBase.found() == OnboardingApplier.Found.ALL_THERE) {
            return alreadyThere(request, files, base, onBase);
        }
        String branch = PullRequestBranches.forOnboarding(request.name());
        OnboardingApplier applier = OnboardingApplier.writing(files);
        WriteResult<String> result = workspace.write(WriteRequest.toPullRequestBranch(
                request.repositoryUrl(),
                branch,
                request.branch(),
                applier,
                changes -> message(request, changes),
                commits.author(),
                commits.committer()));
        String commit = head(request, result, applier);
        PullRequest pullRequest = openPullRequest(request, branch, files);
        return new Onboarded(
                pullRequest.created() ? Onboarded.Status.PULL_REQUEST_OPENED : Onboarded.Status.PULL_REQUEST_OPEN,
                commit,
                pullRequest.url(),
                branch,
                paths(files));
    }

    private PullRequest openPullRequest(OnboardingRequest request, String branch, Map<String, String> files) {
        try {
            return pullRequests.open(
                    request.repositoryUrl(),
                    branch,
                    request.branch(),
                    "Onboard " + request.name(),
                    "Opened by gitops-flow's onboarding of `" + request.name() + "` (" + request.layout()
                            + ", stages " + String.join(" → ", request.stages()) + "):\n\n"
                            + String.join(
                                    "\n",
                                    paths(files).stream()
                                            .map(path -> "- `" + path + "`")
                                            .toList()));
        } catch (PullRequestException e) {
            throw new OnboardingRefused(
                    e.retryable() ? 503 : 502,
                    "the branch " + branch + " is pushed but the pull request could not be opened: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new OnboardingRefused(400, e.getMessage());
        }
    }

    /** The commit a write left the files at; a failure is refused with its status. */
    private static String head(OnboardingRequest request, WriteResult<String> result, OnboardingApplier applier) {
        if (result instanceof WriteResult.Committed<String> done) {
            return done.commit();
        }
        if (result instanceof WriteResult.NoChange<String> same) {
            return same.commit();
        }
        throw refused(request, (WriteResult.Failed<String>) result, applier);
    }

    private static Onboarded alreadyThere(
            OnboardingRequest request,
            Map<String, String> files,
            WriteResult<String> result,
            OnboardingApplier applier) {
        String commit = head(request, result, applier);
        return new Onboarded(Onboarded.Status.ALREADY_ONBOARDED, commit, null, request.branch(), paths(files));
    }

    private static OnboardingRefused refused(
            OnboardingRequest request, WriteResult.Failed<String> failed, OnboardingApplier applier) {
        if (applier.found() == OnboardingApplier.Found.CONFLICT) {
            return new OnboardingRefused(
                    409,
                    "application " + request.name() + " has files in the repository that this request would change"
                            + " (" + String.join(", ", applier.conflicting())
                            + "); onboarding never overwrites them: change them by a commit of your own");
        }
        return new OnboardingRefused(status(failed.failure()), failed.reason());
    }

    /** 400 for what the request names, 503 for what may pass, 502 for what the Git host refused. */
    private static int status(WriteFailure failure) {
        if (failure.retryable()) {
            return 503;
        }
        return switch (failure) {
            case INVALID_REQUEST, REPOSITORY_NOT_FOUND, BRANCH_NOT_FOUND -> 400;
            case APPLIER_FAILED -> 500;
            default -> 502;
        };
    }

    private static String message(OnboardingRequest request, List<String> written) {
        return "onboard " + request.name() + ": " + request.layout() + ", stages " + String.join(", ", request.stages())
                + "\n\nWritten by gitops-flow's POST /applications:\n\n"
                + String.join("\n", written.stream().map(path -> "- " + path).toList())
                + "\n\npromotion-service reads the pipeline from pipelines/" + request.name() + ".yaml.\n";
    }

    private static List<String> paths(Map<String, String> files) {
        return List.copyOf(files.keySet());
    }
}
