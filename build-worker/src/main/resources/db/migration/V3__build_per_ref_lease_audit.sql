-- A commit is built once per repository, but every ref it is pushed to gets a row of its own: the first one builds,
-- the others add their ref's tags to the built image (retag_of names the build whose image they tagged).
alter table build drop constraint build_commit;
alter table build add constraint build_commit_ref unique (repository, commit_sha, ref);
create index build_commit on build (repository, commit_sha);
alter table build add column retag_of varchar(64);
-- the provider's delivery id of the push that asked for the row: a new delivery of a failed commit retries it
alter table build add column delivery_id varchar(400);

-- Running builds hold a short lease their instance renews; an expired one is taken over by any instance.
alter table build add column lease_owner varchar(100);
alter table build add column lease_until timestamptz;
-- builds running when this migrates keep the hour stale-after gave them
update build set lease_until = started_at + interval '1 hour' where status = 'RUNNING';
create index build_lease on build (lease_until) where status = 'RUNNING';
-- two rows of one commit never run at once (a second instance's claim of a sibling fails and is tried later)
create unique index build_one_running_per_commit on build (repository, commit_sha) where status = 'RUNNING';

-- Every operator action, in the transaction of the action.
create table audit_entry (
    id     bigserial    primary key,
    actor  varchar(200) not null,
    action varchar(50)  not null,
    target varchar(200) not null,
    detail varchar(2000),
    at     timestamptz  not null
);
create index audit_entry_at on audit_entry (at desc);
