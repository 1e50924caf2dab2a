-- The scheduler's queue is the shared durable queue (io.gitopsflow.messaging.work.DurableQueue): a metric is
-- 'waiting' (due once next_at has passed) or 'measuring' by lease_owner until claimed_until, renewed while it runs;
-- a lease that ran out (its instance stopped) is taken over. The queue names a row by one text id.
alter table run_metric add column id text generated always as (run_id || '/' || name) stored;
alter table run_metric add column work_status text not null default 'waiting';
alter table run_metric add column lease_owner text;
create unique index run_metric_id on run_metric (id);
-- a measurement in flight while this migrates stays claimed until its lease runs out, as before
update run_metric set work_status = 'measuring' where claimed_until > now();

-- The verdicts are the shared outbox (io.gitopsflow.messaging.work.Outbox): an instance publishing stored verdicts
-- again claims them for a while, so two instances rarely publish the same verdict twice.
alter table analysis_run add column publish_claimed_until timestamptz;
