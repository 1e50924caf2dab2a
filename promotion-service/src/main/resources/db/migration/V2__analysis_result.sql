-- Every analysis run answered, by its id: a redelivered verdict of an earlier run never decides a later
-- verification (after a reverify) a second time.
create table analysis_result (
    analysis_run_id varchar(200) primary key,
    promotion_id    varchar(36)  not null references promotion (id),
    phase           varchar(16)  not null,
    received_at     timestamptz  not null
);
create index analysis_result_promotion on analysis_result (promotion_id);
