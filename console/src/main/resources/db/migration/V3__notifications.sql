-- Notifications (docs/console/notifications.md): one row per rule, receiver, outcome and event, queued in the
-- projection's transaction (the primary key makes a redelivered event queue nothing), then sent by the durable queue:
-- claimed under a lease (status sending), tried again with a growing wait (next_attempt_at) until sent or given up.
-- A replay never queues notifications: this table is not part of the read model a replay rebuilds.
create table notification (
    id               text primary key,   -- <rule>/<receiver>/<outcome>/<event id>
    rule             text not null,
    receiver         text not null,
    trigger          text not null,
    dedupe_key       text not null,      -- the event id; the promotion for awaiting-approval (told once)
    event_id         text not null,
    event_type       text not null,
    project          text not null,
    stage            text not null,
    promotion_id     text,
    commit_sha       text,
    occurred_at      timestamptz not null,
    content_type     text not null,
    body             text not null,
    status           text not null default 'queued', -- queued, sending, sent, failed
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    sent_at          timestamptz,
    lease_owner      text,
    lease_until      timestamptz,
    created_at       timestamptz not null default now()
);
create unique index notification_once on notification (rule, receiver, dedupe_key);
create index notification_due on notification (created_at) where status in ('queued', 'sending');
create index notification_project on notification (project, created_at desc);
create index notification_promotion on notification (promotion_id, trigger) where promotion_id is not null;

-- Each receiver's last outcome: failing since when, how many tries in a row, the last error (never its URL).
create table notification_receiver (
    receiver             text primary key,
    failing_since        timestamptz,
    consecutive_failures integer not null default 0,
    last_error           text,
    last_status_code     integer,
    last_failure_at      timestamptz,
    last_success_at      timestamptz
);
