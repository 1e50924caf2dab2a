-- Rejected is a terminal phase of its own (it was recorded as Aborted): a reviewer refused the promotion before
-- anything was written. Promotions rejected before this version become Rejected too.
alter table promotion drop constraint promotion_status_check;
alter table promotion add constraint promotion_status_check check (status in
    ('PENDING', 'WRITING', 'WRITTEN', 'HEALTH_CHECK', 'VERIFYING', 'SUCCEEDED', 'FAILED', 'ABORTED', 'REJECTED'));
update promotion set status = 'REJECTED'
 where status = 'ABORTED'
   and id in (select promotion_id from approval where decision = 'REJECTED');
