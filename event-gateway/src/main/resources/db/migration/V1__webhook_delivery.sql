-- Delivery ids the gateway has seen, to drop a provider's redeliveries (kept for the retention window).
create table webhook_delivery (
    delivery_key varchar(400) primary key,
    source       varchar(40)  not null,
    subject      varchar(400),
    status       varchar(12)  not null check (status in ('CLAIMED', 'PUBLISHED')),
    event_id     varchar(64),
    claimed_at   timestamptz  not null,
    published_at timestamptz
);

create index webhook_delivery_claimed_at on webhook_delivery (claimed_at);
