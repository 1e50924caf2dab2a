-- The commit each target's last write pushed, as its answers recorded it (one row per target, updated with them): the
-- next write of the target skips its fetch when its local clone already has that head. Only a hint: the push is never
-- forced and names the head it builds on, so a branch moved since (another tool, a person) is rejected and fetched.
create table write_head (
    target_key varchar(1500) primary key,
    commit_sha varchar(64)   not null,
    updated_at timestamptz   not null
);
