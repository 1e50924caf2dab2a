-- What an event is, beyond its CloudEvent id: a producer that republishes an answer after a crash (the outbox's
-- at-least-once) may give it a new id; the projector's identity of the event (e.g. the build id of image-published)
-- makes that copy a duplicate too. Null for an event whose id is its only identity.
alter table flow_event add column identity text;
create unique index flow_event_identity on flow_event (type, identity) where identity is not null;
