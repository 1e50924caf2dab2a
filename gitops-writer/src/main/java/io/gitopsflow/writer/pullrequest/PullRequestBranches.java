package io.gitopsflow.writer.pullrequest;

import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.ResourceNames;

/**
 * The branch a promotion's pull request comes from, {@code gitops-flow/<stage>/<freight>}, and an onboarding's,
 * {@code gitops-flow/onboard-<application>}.
 */
public final class PullRequestBranches {

    public static final String PREFIX = "gitops-flow/";

    private PullRequestBranches() {}

    /** {@code gitops-flow/<stage>/<freight>}, checked as a branch name. */
    public static String forPromotion(String stage, String freightId) {
        ResourceNames.requireDnsLabel("stage", stage);
        GitRefNames.requireValidRef("freight id", freightId);
        if (freightId.contains("/")) {
            throw new IllegalArgumentException("the freight id must not contain '/'");
        }
        return GitRefNames.requireBranchName(PREFIX + stage + "/" + freightId);
    }

    /** {@code gitops-flow/onboard-<application>}: one branch per application, so onboarding it twice opens one pull request. */
    public static String forOnboarding(String application) {
        ResourceNames.requireDnsLabel("application name", application);
        return GitRefNames.requireBranchName(PREFIX + "onboard-" + application);
    }
}
