-- The Freight and Promotion pages (docs/console/queries.md): what a GitOps write changed, and the indexes their lists
-- read by, so a page costs the same with ten promotions or ten thousand.

-- What a write changed where (manifest-updated's target and values), so a promotion shows its diff. Null for answers
-- projected before this migration; a replay fills them.
alter table manifest_write
    add column repository_url text,
    add column branch         text,
    add column path           text,
    add column field          text,
    add column previous_value text,
    add column new_value      text;

-- A pipeline's Freight, newest first, one page after another (keyset on created_at, freight_id).
create index freight_project_page on freight (project, created_at, freight_id);

-- A pipeline's promotions, newest first (keyset on the creation, else the first phase change, and the id).
create index promotion_project_created on promotion (project, (coalesce(created_at, phase_at)), promotion_id);

-- A Freight's latest promotion into each stage (the Freight page's per-stage state).
create index promotion_freight_created on promotion (freight_id, stage, (coalesce(created_at, phase_at)));
