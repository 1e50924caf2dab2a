-- One analysis run per stage-promoted (its CloudEvent id), no longer per promotion: a reverify owes a new
-- stage-promoted for the same promotion, which must get a run of its own, while a redelivered one still starts none.
alter table analysis_run drop constraint analysis_run_promotion_id_key;
create index analysis_run_promotion on analysis_run (promotion_id);
create unique index analysis_run_cause_event on analysis_run (cause_event_id);
