-- The console's read model: every event it consumed, and the tables projected from them. Every table can be rebuilt
-- by replaying the topics into an empty schema (docs/console.md says what a replay can and cannot rebuild).

-- Every event, once (the CloudEvent id), filed under the commit, pipeline, stage, promotion and Freight it concerns.
-- The timeline of a commit is read from here; commit_sha of an event that names only its promotion is filled in when
-- the promotion's commit becomes known, whichever arrives first.
create table flow_event (
    event_id     text primary key,
    type         text not null,
    topic        text not null,
    occurred_at  timestamptz not null,
    stored_at    timestamptz not null default now(),
    commit_sha   text,
    project      text,
    stage        text,
    promotion_id text,
    freight_id   text,
    subject      text,
    data         jsonb not null
);
create index flow_event_commit on flow_event (commit_sha, occurred_at);
create index flow_event_project on flow_event (project, occurred_at);
create index flow_event_promotion on flow_event (promotion_id) where promotion_id is not null;
create index flow_event_unfiled on flow_event (promotion_id) where commit_sha is null and promotion_id is not null;

-- Each pipeline's last definition (pipeline-configured): stage order, approvals, windows, health gate, verification.
create table pipeline (
    project       text primary key,
    warehouse     text,
    removed       boolean not null default false,
    definition    jsonb not null,
    fingerprint   text not null,
    configured_at timestamptz not null
);

-- A pushed commit (commit-pushed): the head commit of a push, and the delivery that brought it.
create table commit_push (
    commit_sha   text primary key,
    repository   text not null,
    ref          text not null,
    message      text,
    author       text,
    committed_at timestamptz,
    received_at  timestamptz not null,
    delivery_id  text not null,
    provider     text not null
);

-- A build of a commit (build-started, image-published from build-worker, build-failed).
create table build (
    build_id        text primary key,
    repository      text not null,
    commit_sha      text not null,
    ref             text,
    attempt         integer,
    queued_at       timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz,
    outcome         text not null default 'running',
    failed_step     text,
    reason          text,
    image           text,
    digest          text,
    checkout_millis bigint,
    build_millis    bigint,
    push_millis     bigint,
    total_millis    bigint
);
create index build_commit on build (commit_sha);

-- A published image (image-published), built here or elsewhere.
create table image (
    repository   text not null,
    digest       text not null,
    tags         jsonb not null,
    commit_sha   text,
    origin       text not null,
    build_id     text,
    published_at timestamptz not null,
    primary key (repository, digest)
);
create index image_commit on image (commit_sha);

-- An immutable Freight (freight-created).
create table freight (
    freight_id text primary key,
    project    text not null,
    warehouse  text not null,
    alias      text not null,
    images     jsonb not null,
    commit_sha text,
    created_at timestamptz not null
);
create index freight_project on freight (project, created_at);
create index freight_commit on freight (commit_sha);

-- A promotion of a Freight into a stage (promotion-updated, promotion-requested, stage-promoted, analysis-completed).
-- phase_at/phase_rank order phase changes, so a redelivered older update never moves a promotion back.
create table promotion (
    promotion_id   text primary key,
    project        text not null,
    stage          text not null,
    freight_id     text not null,
    freight_alias  text,
    commit_sha     text,
    rollback       boolean not null default false,
    phase          text not null,
    phase_at       timestamptz not null,
    phase_rank     integer not null,
    created_at     timestamptz,
    created_by     text,
    requested_at   timestamptz,
    promoted_at    timestamptz,
    verified_at    timestamptz,
    finished_at    timestamptz,
    reason         text
);
create index promotion_stage on promotion (project, stage, phase_at desc);
create index promotion_commit on promotion (commit_sha);

-- Each approval or rejection of a promotion, with who made it.
create table approval (
    promotion_id text not null,
    actor        text not null,
    decision     text not null,
    decided_at   timestamptz not null,
    reason       text,
    primary key (promotion_id, actor, decision)
);

-- Each write of a promotion to the GitOps repository (manifest-updated).
create table manifest_write (
    request_id       text primary key,
    promotion_id     text not null,
    project          text not null,
    stage            text not null,
    status           text not null,
    commit           text,
    pull_request_url text,
    reason           text,
    batch_size       integer not null,
    updated_at       timestamptz not null
);
create index manifest_write_promotion on manifest_write (promotion_id);

-- Each verification of a promotion (analysis-completed), with its metric results.
create table analysis_run (
    analysis_run_id text primary key,
    promotion_id    text not null,
    project         text not null,
    stage           text not null,
    freight_id      text not null,
    phase           text not null,
    message         text,
    metrics         jsonb not null,
    started_at      timestamptz not null,
    completed_at    timestamptz not null
);
create index analysis_run_promotion on analysis_run (promotion_id);
create index analysis_run_stage on analysis_run (project, stage, completed_at desc);

-- A stage's auto-promotion hold (hold-set / hold-released), last change wins.
create table stage_hold (
    project    text not null,
    stage      text not null,
    held       boolean not null,
    actor      text,
    reason     text,
    changed_at timestamptz not null,
    primary key (project, stage)
);
