-- What promotion-service decides is published as events of the contract (issue 20): freight-created and
-- promotion-updated. Each one is stored here, in the transaction of the decision, as the event to publish, and marked
-- once the broker acknowledged it (the shared outbox). The id is the CloudEvent id, so publishing a row again (the
-- relay's safety net, another instance taking over a claim, a restart) sends the same event, which a consumer can
-- tell from a new one. seq keeps the order the decisions were stored in: the relay publishes oldest first.
create table decision_event (
    id                    varchar(36)  primary key,
    seq                   bigserial    not null unique,
    topic                 varchar(64)  not null,
    data_json             text         not null,
    correlation_id        varchar(200),
    occurred_at           timestamptz  not null,
    published             boolean      not null default false,
    publish_claimed_until timestamptz
);
create index decision_event_unpublished on decision_event (seq) where published = false;
