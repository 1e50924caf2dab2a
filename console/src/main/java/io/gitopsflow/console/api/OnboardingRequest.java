package io.gitopsflow.console.api;

import java.util.List;

/**
 * An application to onboard, forwarded to gitops-writer's {@code POST /applications} as it came: gitops-writer checks
 * every name and decides.
 *
 * @param name the application, a DNS label
 * @param imageRepository the image repository its Warehouse subscribes to
 * @param stages the stages in promotion order
 * @param layout {@code helm} or {@code kustomize}
 * @param repositoryUrl the GitOps repository's clone URL
 * @param branch the branch the Applications track ({@code main} when absent)
 * @param writeMode {@code push} or {@code pull-request} ({@code push} when absent)
 */
public record OnboardingRequest(
        String name,
        String imageRepository,
        List<String> stages,
        String layout,
        String repositoryUrl,
        String branch,
        String writeMode) {}
