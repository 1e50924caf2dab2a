-- A release tag's build pushes the repository's Helm chart after its image: the chart's OCI repository, version and
-- manifest digest are stored with the build, so chart-published goes out from the outbox with image-published.
alter table build add column chart_repository varchar(512);
alter table build add column chart_version varchar(128);
alter table build add column chart_digest varchar(128);
