-- A Freight's Helm charts and Git commits beside its images (freight-created v2, issue 24). A Freight projected
-- before this migration, or read from a v1 record, has none.
alter table freight
    add column charts  jsonb not null default '[]',
    add column commits jsonb not null default '[]';
