-- The commit search (the web console's "Commit" box) finds pushes by a prefix of their SHA. The primary key's index
-- orders by the database's collation, which a prefix range can use only when that collation is C; text_pattern_ops
-- orders byte by byte, so "commit_sha ~>=~ prefix and commit_sha ~<~ next prefix" reads only the matching entries
-- whatever the collation (docs/console/web-commit-and-delivery.md).
create index commit_push_sha_prefix on commit_push (commit_sha text_pattern_ops);
