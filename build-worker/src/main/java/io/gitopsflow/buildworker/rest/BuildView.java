package io.gitopsflow.buildworker.rest;

import io.gitopsflow.buildworker.Build;
import java.time.OffsetDateTime;

/**
 * One build as the API shows it: its commit and ref, its steps' timings, its result and log excerpt, and who holds it
 * while it runs.
 *
 * @param chartRepository the OCI repository of the Helm chart a release build pushed, or null (with its version
 *     and manifest digest)
 * @param retagOf the build whose image this ref was tagged onto (no build ran), or null
 * @param leaseOwner the instance running it (or that ran it)
 * @param leaseUntil until when that instance holds it, while it runs
 * @param attempts how many attempts failed for a reason not the build's own (registry or Git host unreachable)
 * @param retryAt when a build queued again after such a failure is tried next
 */
public record BuildView(
        String id,
        String repository,
        String cloneUrl,
        String commit,
        String ref,
        String branch,
        long buildNumber,
        String status,
        String imageRepository,
        String tags,
        String digest,
        String chartRepository,
        String chartVersion,
        String chartDigest,
        String failedStep,
        String reason,
        String logExcerpt,
        long checkoutMillis,
        long buildMillis,
        long pushMillis,
        long totalMillis,
        String correlationId,
        String supersededBy,
        String retagOf,
        String leaseOwner,
        OffsetDateTime leaseUntil,
        int attempts,
        OffsetDateTime retryAt,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {

    static BuildView of(Build build) {
        return new BuildView(
                build.id,
                build.repository,
                build.cloneUrl,
                build.commit,
                build.ref,
                build.branch,
                build.buildNumber,
                build.status.name(),
                build.imageRepository,
                build.tags,
                build.digest,
                build.chartRepository,
                build.chartVersion,
                build.chartDigest,
                build.failedStep,
                build.reason,
                build.logExcerpt,
                build.checkoutMillis,
                build.buildMillis,
                build.pushMillis,
                build.totalMillis,
                build.correlationId,
                build.supersededBy,
                build.retagOf,
                build.leaseOwner,
                build.leaseUntil,
                build.attempts,
                build.retryAt,
                build.createdAt,
                build.startedAt,
                build.finishedAt);
    }
}
