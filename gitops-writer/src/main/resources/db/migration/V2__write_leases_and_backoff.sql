-- Requests are claimed through the shared durable queue (io.gitopsflow.messaging.work): a batch's rows carry their
-- instance and a lease it renews while it writes; a batch whose lease ran out (its instance died) is claimed again by
-- any instance. This replaces "started_at older than stale-after".
alter table manifest_write
    add column lease_owner varchar(200),
    add column lease_until timestamptz;

-- Batches being written while this migration runs keep the ten minutes stale-after gave them.
update manifest_write set lease_until = coalesce(started_at, now()) + interval '10 minutes' where status = 'WRITING';

-- The queue's statements compare the status with parameters, which a partial index on one status cannot serve.
drop index manifest_write_queued;
drop index manifest_write_writing;
create index manifest_write_claimable on manifest_write (status, target_key, created_at);

-- A target (repository, branch, write mode) whose Git host or pull-request API could not be reached: its requests
-- stay queued until retry_at, with a backoff doubling per failure, and are answered FAILED once they have waited
-- longer than gitops-flow.writer.host-retry.give-up-after since the first failure.
create table write_backoff (
    target_key varchar(1500) primary key,
    failures   integer       not null,
    since      timestamptz   not null,
    retry_at   timestamptz   not null,
    reason     varchar(2000)
);
