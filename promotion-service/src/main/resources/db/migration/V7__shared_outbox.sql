-- promotion-service publishes through the shared outbox (io.gitopsflow.messaging.work): every answer is stored, as the
-- event to publish, in the transaction of the state that owes it, and marked once Kafka acknowledged it.

-- promotion-requested: oldest first
alter table promotion_write add column requested_at timestamptz not null default now();

-- stage-promoted: the event, and an id of its own for each one owed (a reverify owes a new one, and the mark of the
-- one before must not count for it)
alter table promotion add column stage_promoted_id varchar(36);
alter table promotion add column stage_promoted_json text;
create unique index promotion_stage_promoted_id on promotion (stage_promoted_id);
create index promotion_stage_promoted_unpublished on promotion (updated_at) where stage_promoted_published = false;

-- a stage-promoted owed before this version gets its id now; the next reconcile pass stores its event
update promotion set stage_promoted_id = id
 where stage_promoted_published = false
   and written_commits is not null
   and status in ('VERIFYING', 'SUCCEEDED');
