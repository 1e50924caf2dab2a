-- Every build of a commit: one per repository and commit, whatever the redeliveries.
create table build (
    id               varchar(64)  primary key,
    repository       varchar(300) not null,
    clone_url        varchar(1000) not null,
    commit_sha       varchar(64)  not null,
    ref              varchar(300) not null,
    branch           varchar(300),
    build_number     bigint       not null,
    status           varchar(12)  not null check (status in ('RUNNING', 'SUCCEEDED', 'FAILED')),
    image_repository varchar(300),
    tags             varchar(2000),
    digest           varchar(100),
    failed_step      varchar(20),
    reason           varchar(2000),
    log_excerpt      varchar(8000),
    checkout_millis  bigint       not null default 0,
    build_millis     bigint       not null default 0,
    push_millis      bigint       not null default 0,
    total_millis     bigint       not null default 0,
    correlation_id   varchar(100),
    created_at       timestamptz  not null,
    finished_at      timestamptz,
    constraint build_commit unique (repository, commit_sha)
);

create index build_repository_branch on build (repository, branch);
