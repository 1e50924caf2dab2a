-- Freight: immutable, its id the hash of its content, so the same artifacts never make two rows.
create table freight (
    id             varchar(40)  primary key,
    pipeline       varchar(63)  not null,
    warehouse      varchar(63)  not null,
    alias          varchar(100) not null,
    artifacts_json text         not null,
    source_commit  varchar(64),
    correlation_id varchar(200),
    created_at     timestamptz  not null
);
create index freight_pipeline on freight (pipeline, created_at);
create index freight_source_commit on freight (source_commit);

-- What each stage runs, and whether auto-promotion is held (after a rollback). Optimistic locking: version.
create table stage_state (
    id            varchar(127) primary key,
    pipeline      varchar(63)  not null,
    stage         varchar(63)  not null,
    freight_id    varchar(40)  references freight (id),
    promotion_id  varchar(36),
    hold          boolean      not null default false,
    hold_reason   varchar(1000),
    updated_at    timestamptz  not null,
    version       bigint       not null default 0,
    unique (pipeline, stage)
);

create table promotion (
    id                       varchar(36)  primary key,
    pipeline                 varchar(63)  not null,
    stage                    varchar(63)  not null,
    freight_id               varchar(40)  not null references freight (id),
    status                   varchar(16)  not null check (status in
        ('PENDING', 'WRITING', 'WRITTEN', 'HEALTH_CHECK', 'VERIFYING', 'SUCCEEDED', 'FAILED', 'ABORTED')),
    requested_by             varchar(200) not null,
    automatic                boolean      not null,
    reason                   varchar(2000),
    window_override          boolean      not null default false,
    rollback                 boolean      not null default false,
    written_commits          varchar(2000),
    health_deadline          timestamptz,
    stage_promoted_published boolean      not null default false,
    correlation_id           varchar(200),
    created_at               timestamptz  not null,
    updated_at               timestamptz  not null,
    version                  bigint       not null default 0
);
-- one promotion at a time per stage, whichever instance starts it
create unique index promotion_one_active on promotion (pipeline, stage)
    where status in ('PENDING', 'WRITING', 'WRITTEN', 'HEALTH_CHECK', 'VERIFYING');
create index promotion_stage on promotion (pipeline, stage, created_at);
create index promotion_freight on promotion (freight_id);

-- One promotion-requested per GitOps target; request_id is gitops-writer's idempotency key.
create table promotion_write (
    request_id   varchar(100) primary key,
    promotion_id varchar(36)  not null references promotion (id),
    target_index integer      not null,
    request_json text         not null,
    status       varchar(12)  not null check (status in ('REQUESTED', 'PR_OPENED', 'WRITTEN', 'FAILED')),
    commit_sha   varchar(64),
    reason       varchar(2000),
    published    boolean      not null default false,
    version      bigint       not null default 0,
    unique (promotion_id, target_index)
);
create index promotion_write_unpublished on promotion_write (promotion_id) where published = false;

-- Freight verified in a stage: available downstream once the downstream stage's soak time has passed.
create table freight_verification (
    id           varchar(127) primary key,
    freight_id   varchar(40)  not null references freight (id),
    pipeline     varchar(63)  not null,
    stage        varchar(63)  not null,
    promotion_id varchar(36)  not null,
    verified_at  timestamptz  not null,
    unique (freight_id, pipeline, stage)
);

create table approval (
    id           bigserial    primary key,
    promotion_id varchar(36)  not null references promotion (id),
    approver     varchar(200) not null,
    decision     varchar(8)   not null check (decision in ('APPROVED', 'REJECTED')),
    comment      varchar(2000),
    decided_at   timestamptz  not null,
    unique (promotion_id, approver)
);

create table audit_entry (
    id           bigserial    primary key,
    pipeline     varchar(63)  not null,
    stage        varchar(63),
    freight_id   varchar(40),
    promotion_id varchar(36),
    action       varchar(40)  not null,
    actor        varchar(200) not null,
    reason       varchar(2000),
    at           timestamptz  not null
);
create index audit_entry_pipeline on audit_entry (pipeline, at);
create index audit_entry_freight on audit_entry (freight_id);
create index audit_entry_promotion on audit_entry (promotion_id);
