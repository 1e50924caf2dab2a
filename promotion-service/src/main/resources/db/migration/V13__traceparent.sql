-- The W3C trace context a promotion's events continue (the consumed record's or the request's span), so a
-- promotion-requested or stage-promoted published by the outbox, even after a restart, stays in the push's trace.
alter table promotion add column traceparent varchar(55);
alter table decision_event add column traceparent varchar(55);
