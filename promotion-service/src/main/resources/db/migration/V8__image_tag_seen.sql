-- The tags each subscribed image repository was announced with (image-published), so a subscription whose tag rules
-- select none of them is reported in its pipeline's status instead of passing silently (issue 19). Eligibility is
-- decided on read with the rules in force, so fixing a pattern clears the warning at once. The newest tags are kept
-- (a bounded number per repository, see SeenTagRepository).
create table image_tag_seen (
    id               varchar(700) primary key,
    image_repository varchar(560) not null,
    tag              varchar(128) not null,
    seen_at          timestamptz  not null
);
create index image_tag_seen_repository on image_tag_seen (image_repository, seen_at);
