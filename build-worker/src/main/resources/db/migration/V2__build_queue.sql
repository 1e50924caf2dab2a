-- Builds are queued durably before they run: at most N run at once, a newer commit of a branch supersedes the
-- queued builds of older ones, and a result is published until Kafka took it.
alter table build drop constraint build_status_check;
alter table build alter column status type varchar(12);
alter table build add constraint build_status
    check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED'));

-- the commit-pushed data the build runs from (JSON), and the CloudEvent that asked for it
alter table build add column request_json   text;
alter table build add column cause_event_id varchar(200);
alter table build add column traceparent    varchar(100);
alter table build add column started_at     timestamptz;
alter table build add column superseded_by  varchar(64);
-- true once the result (image-published or build-failed) is on Kafka; false ones are published again
alter table build add column published      boolean not null default false;
update build set published = true where status in ('SUCCEEDED', 'FAILED');

create index build_queued on build (created_at) where status = 'QUEUED';
create index build_unpublished on build (finished_at) where published = false and status in ('SUCCEEDED', 'FAILED');
create index build_running on build (started_at) where status = 'RUNNING';
