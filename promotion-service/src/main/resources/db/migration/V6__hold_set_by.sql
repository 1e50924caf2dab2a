-- The rollback that set a stage's hold: when that rollback ends aborted or rejected before the stage ran it, the hold
-- is released; a hold another rollback set stays. Holds set before this version name their promotion in the reason.
alter table stage_state add column hold_promotion_id varchar(36);
update stage_state
   set hold_promotion_id = substring(hold_reason from '\(promotion ([0-9a-f-]{36})\)')
 where hold;
