package io.gitopsflow.writer.repository;

import io.gitopsflow.messaging.work.OutboxTable;
import io.gitopsflow.messaging.work.WorkTable;
import io.gitopsflow.writer.ManifestWrite;

/**
 * {@code manifest_write} as the shared durable queue and outbox see it: a request is claimed with the other queued
 * requests of its target key (a batch), oldest first, unless its target waits out an unreachable host ({@code
 * write_backoff}) or an instance holds a batch of that key (the queue's group mode: one instance writes a branch at a
 * time, across processes); its answer is published once stored.
 */
public final class WriteQueueTables {

    /**
     * Claimable besides the queue's own rule: not while the target waits out a backoff, and a row claimed by a version
     * without leases (no {@code lease_until}) only after the ten minutes its {@code stale-after} gave it.
     */
    private static final String CLAIMABLE_WHEN = "not exists (select 1 from write_backoff b"
            + " where b.target_key = w.target_key and b.retry_at > now())"
            + " and (w.lease_until is not null or w.status = 'QUEUED'"
            + " or w.started_at < now() - interval '10 minutes')";

    /** The requests, claimed a target key at a time. */
    public static final WorkTable QUEUE = WorkTable.of("manifest_write", ManifestWrite.QUEUED, ManifestWrite.WRITING)
            .withIdColumn("request_id")
            .withClaimedAtColumn("started_at")
            .withGroupColumn("target_key")
            .claimableWhen(CLAIMABLE_WHEN);

    /** The answers: a finished request's row until Kafka took its {@code manifest-updated}. */
    public static final OutboxTable ANSWERS = new OutboxTable(
            "manifest_write",
            "request_id",
            "published",
            "status in ('COMMITTED', 'PR_OPENED', 'NO_CHANGE', 'FAILED')",
            "updated_at",
            null);

    private WriteQueueTables() {}
}
