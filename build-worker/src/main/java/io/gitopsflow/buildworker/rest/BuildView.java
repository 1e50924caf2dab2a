package io.gitopsflow.buildworker.rest;

import io.gitopsflow.buildworker.Build;
import java.time.OffsetDateTime;

/**
 * One build as the API shows it: its commit and ref, its steps' timings, its result and log excerpt, and who holds it
 * while it runs.
 *
 * @param retagOf the build whose image this ref was tagged onto (no build ran), or null
 * @param leaseOwner the instance running it (or that ran it)
 * @param leaseUntil until when that instance holds it, while it runs
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
                build.status,
                build.imageRepository,
                build.tags,
                build.digest,
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
                build.createdAt,
                build.startedAt,
                build.finishedAt);
    }
}
