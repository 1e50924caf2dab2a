package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.GitOpsTarget;

/**
 * One GitOps target of a stage and the subscription whose image it receives.
 *
 * @param imageRepository the subscription's image repository written to this target
 * @param target where and how gitops-writer writes it
 */
public record StageTarget(String imageRepository, GitOpsTarget target) {}
