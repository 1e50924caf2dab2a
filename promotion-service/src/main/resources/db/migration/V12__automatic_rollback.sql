-- An automatic rollback names the promotion whose failed verification started it: a rollback that fails its own
-- verification is not rolled back again (no loop), and the trail links the two. Null for every other promotion.
alter table promotion add column rollback_of varchar(36);
