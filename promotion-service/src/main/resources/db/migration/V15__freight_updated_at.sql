-- When a Freight's artifacts last changed after its creation (build-worker's build number added to an image): with
-- the count and the newest creation, what tells auto-promotion's reconcile pass that a stage's candidates are the
-- ones it ranked last time, so an idle stage is not ranked again every few seconds. Null: never changed.
alter table freight add column updated_at timestamptz;
