package io.gitopsflow.writer.rest;

import java.util.List;

/**
 * The body of {@code POST /applications}, as sent: every field is checked before use ({@code OnboardingRequest}).
 *
 * @param name the application, a DNS label
 * @param imageRepository the image repository its Warehouse subscribes to, without tag or digest
 * @param stages the stages in promotion order, e.g. {@code [dev, staging, prod]}
 * @param layout {@code helm} (values files per stage) or {@code kustomize} (overlays per stage)
 * @param repositoryUrl the GitOps repository's clone URL, on gitops-writer's allow-list
 * @param branch the branch the Applications track; {@code main} when absent
 * @param writeMode {@code push} (one commit on the branch) or {@code pull-request}; {@code push} when absent
 */
public record OnboardingBody(
        String name,
        String imageRepository,
        List<String> stages,
        String layout,
        String repositoryUrl,
        String branch,
        String writeMode) {}
