-- One analysis run per promotion: the unique key keeps a redelivered stage-promoted from starting a second run.
create table analysis_run (
    id             text primary key,
    promotion_id   text not null unique,
    project        text not null,
    stage          text not null,
    freight_id     text not null,
    phase          text not null,
    message        text,
    terminate      boolean not null default false,
    -- the run's metrics with their arguments resolved, so a run keeps measuring what it started with
    metrics_json   text not null,
    templates      text not null,
    correlation_id text,
    traceparent    text,
    cause_event_id text,
    published      boolean not null default false,
    created_at     timestamptz not null,
    started_at     timestamptz not null,
    completed_at   timestamptz
);
create index analysis_run_stage on analysis_run (project, stage, created_at desc);
create index analysis_run_unpublished on analysis_run (completed_at) where published = false and completed_at is not null;

-- A metric of a run: its phase, Argo's counters, and when it is next measured (the scheduler's queue).
create table run_metric (
    run_id              text not null references analysis_run (id) on delete cascade,
    name                text not null,
    position            int not null,
    phase               text not null,
    message             text,
    dry_run             boolean not null,
    measurements        int not null default 0,
    count               int not null default 0,
    successful          int not null default 0,
    failed              int not null default 0,
    inconclusive        int not null default 0,
    error               int not null default 0,
    consecutive_error   int not null default 0,
    consecutive_success int not null default 0,
    last_value          text,
    next_at             timestamptz,
    -- a measurement in flight: another instance (or this one after a restart) takes it over once this has passed
    claimed_until       timestamptz,
    primary key (run_id, name)
);
create index run_metric_due on run_metric (next_at) where next_at is not null;

-- Every measurement taken (trimmed only where the template sets measurementRetention).
create table measurement (
    id          bigserial primary key,
    run_id      text not null references analysis_run (id) on delete cascade,
    metric_name text not null,
    phase       text not null,
    value       text,
    message     text,
    started_at  timestamptz not null,
    finished_at timestamptz not null
);
create index measurement_metric on measurement (run_id, metric_name, id);
