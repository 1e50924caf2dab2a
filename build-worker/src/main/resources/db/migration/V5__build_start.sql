-- Each start of a build (issue 20): stored when an instance takes the build from the queue, under the build's lock,
-- and published as build-started from this outbox. The id, <build id>/started/<attempt>, is the CloudEvent id, so the
-- relay publishing a row again sends the same event; one claim (the build's started_at) makes one row at most.
create table build_start (
    id         varchar(120) primary key,
    build_id   varchar(64)  not null references build (id),
    attempt    int          not null,
    queued_at  timestamptz  not null,
    started_at timestamptz  not null,
    published  boolean      not null default false,
    constraint build_start_attempt unique (build_id, attempt),
    constraint build_start_claim unique (build_id, started_at)
);
create index build_start_unpublished on build_start (started_at) where published = false;
