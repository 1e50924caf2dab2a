-- Every operator action (terminate) with who did it, on which run, when and what it changed; written in the
-- transaction of the action, so the log and the runs never disagree.
create table audit_entry (
    id     bigserial primary key,
    action text not null,
    target text not null,
    actor  text not null,
    detail text,
    at     timestamptz not null
);
create index audit_entry_target on audit_entry (target, id);
create index audit_entry_actor on audit_entry (actor, id);
