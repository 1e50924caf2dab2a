-- Several instances reconcile at once: the one that claims a record (a lease, taken under the row's version) publishes
-- it, the others leave it, so a promotion-requested or stage-promoted is published once unless its publisher dies.
alter table promotion_write add column publish_claimed_until timestamptz;
alter table promotion add column stage_promoted_claimed_until timestamptz;
-- Auto-promotion offers a Freight to a stage once (a failed, aborted or rejected try is for a person to repeat):
-- kept by the database too, whichever instance decides.
create unique index promotion_auto_once on promotion (pipeline, stage, freight_id) where automatic;
