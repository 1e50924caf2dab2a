-- Auto-promotion of a stage fed by others reads which Freight its upstream stages verified (by pipeline, stage and
-- time), and the rollback check the last verified in a stage: both by this index rather than the whole table.
create index freight_verification_stage on freight_verification (pipeline, stage, verified_at);
