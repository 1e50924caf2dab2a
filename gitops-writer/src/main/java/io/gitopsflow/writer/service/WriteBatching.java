package io.gitopsflow.writer.service;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.pullrequest.PullRequestBranches;
import java.util.Comparator;
import java.util.List;

/**
 * Which requests share a commit: those with the same target key — repository, branch, and in pull-request mode the
 * promotion's own branch — queued when their batch's write starts, written in the order they arrived, so a later
 * request for the same file wins. Requests arriving during a write form the next batch of their key.
 */
public final class WriteBatching {

    private static final Comparator<ManifestWrite> ARRIVAL_ORDER =
            Comparator.comparing((ManifestWrite write) -> write.createdAt).thenComparing(write -> write.requestId);

    private WriteBatching() {}

    /**
     * The key of the commit a request goes into: repository, branch, and the pull request branch in that mode. A
     * request whose pull request branch would not be a valid name gets a key of its own: its batch is itself, and it is
     * answered with the reason ({@link BatchWriter}).
     */
    public static String targetKey(PromotionRequested request) {
        GitOpsTarget target = request.target();
        String mode = "push";
        if (pullRequestMode(request)) {
            try {
                mode = "pr:" + pullRequestBranch(request);
            } catch (IllegalArgumentException e) {
                mode = "invalid:" + request.requestId();
            }
        }
        return target.repositoryUrl() + "#" + target.branch() + "#" + mode;
    }

    /** The branch a request's batch is written to: its target's, or in pull-request mode its own. */
    public static String branchOf(PromotionRequested request) {
        return pullRequestMode(request)
                ? pullRequestBranch(request)
                : request.target().branch();
    }

    /** Whether the request asks for a pull request rather than a push to its branch. */
    public static boolean pullRequestMode(PromotionRequested request) {
        return request.target().writeMode() == GitOpsTarget.WriteMode.PULL_REQUEST;
    }

    /** {@code claimed} in arrival order (by the time it was queued, then by request id): a later request wins. */
    public static List<ManifestWrite> inArrivalOrder(List<ManifestWrite> claimed) {
        return claimed.stream().sorted(ARRIVAL_ORDER).toList();
    }

    private static String pullRequestBranch(PromotionRequested request) {
        return PullRequestBranches.forPromotion(request.stage(), request.freightId());
    }
}
