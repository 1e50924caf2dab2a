-- Each pipeline's definition is published as pipeline-configured (issue 20) through the decision_event outbox. Its
-- event id is <project>/<fingerprint>/<generation>, longer than a UUID.
alter table decision_event alter column id type varchar(200);

-- The definition of each pipeline last published, so instances and restarts publish a definition only when it
-- differs: generation counts the definitions published for the project (a definition that comes back after another
-- one is published again, as a new generation).
create table pipeline_configuration (
    project       varchar(63)  primary key,
    file          varchar(300) not null,
    fingerprint   varchar(64)  not null,
    removed       boolean      not null,
    generation    int          not null,
    event_id      varchar(200) not null,
    configured_at timestamptz  not null
);
