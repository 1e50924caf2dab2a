package io.gitopsflow.writer.rest;

import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.service.WriteQueries;
import java.time.OffsetDateTime;

/**
 * A promotion request and what it came to, as the API shows it.
 *
 * @param targetKey repository, branch and write mode: requests of one key share a commit
 * @param artifact what the request promotes: {@code image <reference>}, {@code chart <repository> <version>} or
 *     {@code commit <repository> <sha>}
 * @param status QUEUED, WRITING, COMMITTED, PR_OPENED, NO_CHANGE or FAILED
 * @param commit the commit that holds the change
 * @param batchSize how many requests the commit carries
 * @param attempts how many pushes the write took (more than one: another writer pushed first)
 */
public record WriteView(
        String requestId,
        String targetKey,
        String artifact,
        String status,
        String commit,
        String previousValue,
        String newValue,
        String pullRequestUrl,
        String reason,
        int batchSize,
        int attempts,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime updatedAt) {

    static WriteView of(ManifestWrite write) {
        return new WriteView(
                write.requestId,
                write.targetKey,
                WriteQueries.artifact(write),
                write.status,
                write.commit,
                write.previousValue,
                write.newValue,
                write.pullRequestUrl,
                write.reason,
                write.batchSize,
                write.attempts,
                write.createdAt,
                write.startedAt,
                write.updatedAt);
    }
}
