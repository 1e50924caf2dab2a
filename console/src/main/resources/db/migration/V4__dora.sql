-- DORA metrics (docs/console/dora.md): the queries read a pipeline's promotions by the time they settled, per stage,
-- so a 90-day window over a pipeline reads only that pipeline's settled promotions, never the whole table.
-- coalesce(verified_at, finished_at, phase_at) is when a promotion settled: verified (Succeeded) or failed.

-- a pipeline's deployments and failures in a window, all stages
create index promotion_settled on promotion (project, (coalesce(verified_at, finished_at, phase_at)))
    where phase in ('Succeeded', 'Failed');

-- a stage's deployment before a rollback, its first one after a failure
create index promotion_stage_settled on promotion (project, stage, (coalesce(verified_at, finished_at, phase_at)))
    where phase in ('Succeeded', 'Failed');

-- whether a Freight ran in a stage before (a change's lead time counts its first deployment only)
create index promotion_freight_stage on promotion (freight_id, stage) where phase = 'Succeeded';
