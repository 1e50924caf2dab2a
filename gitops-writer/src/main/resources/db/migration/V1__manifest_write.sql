-- Every promotion-requested, by its request id: queued durably, written in batches per repository, branch and
-- write mode, and its answer (manifest-updated) published until Kafka took it.
create table manifest_write (
    request_id       varchar(200)  primary key,
    -- repository URL, branch and write mode (with the pull request branch): requests of one key share a commit
    target_key       varchar(1500) not null,
    status           varchar(12)   not null
        check (status in ('QUEUED', 'WRITING', 'COMMITTED', 'PR_OPENED', 'NO_CHANGE', 'FAILED')),
    request_json     text          not null,
    correlation_id   varchar(200),
    traceparent      varchar(100),
    commit_sha       varchar(64),
    previous_value   varchar(1000),
    new_value        varchar(1000),
    pull_request_url varchar(1000),
    reason           varchar(2000),
    batch_size       integer       not null default 0,
    attempts         integer       not null default 0,
    created_at       timestamptz   not null,
    started_at       timestamptz,
    updated_at       timestamptz,
    published        boolean       not null default false
);

create index manifest_write_queued on manifest_write (target_key, created_at) where status = 'QUEUED';
create index manifest_write_unpublished on manifest_write (updated_at)
    where published = false and status in ('COMMITTED', 'PR_OPENED', 'NO_CHANGE', 'FAILED');
create index manifest_write_writing on manifest_write (started_at) where status = 'WRITING';
