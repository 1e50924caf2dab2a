-- Issue 24: Freight carries Helm charts and Git commits besides images (JSON lists of the contract's ChartRef and
-- GitCommitRef; null for none, so Freight made before keeps its row as it was).
alter table freight add column charts_json text;
alter table freight add column commits_json text;

-- The eligible artifacts each pipeline's Warehouse has seen, per subscription (an image repository, a chart
-- repository, a Git repository): a Warehouse of several subscriptions makes Freight only once each has an artifact,
-- so the ones that came first wait here for the others. The id is the SHA-256 of pipeline, kind, subscription and
-- the artifact's identity, so a redelivered record is seen once. seen_at orders commits (push order).
create table warehouse_artifact (
    id            varchar(64)  primary key,
    pipeline      varchar(63)  not null,
    kind          varchar(8)   not null check (kind in ('IMAGE', 'CHART', 'COMMIT')),
    subscription  varchar(600) not null,
    artifact_json text         not null,
    seen_at       timestamptz  not null
);
create index warehouse_artifact_pipeline on warehouse_artifact (pipeline, kind, subscription, seen_at);
