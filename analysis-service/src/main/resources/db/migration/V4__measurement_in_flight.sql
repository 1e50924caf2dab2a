-- A measurement that outlives one call (Argo's Run/Resume: the job provider's Job) is in flight between claims: when
-- it started and what the provider needs to find it again (the Job's name and namespace, never an argument's value),
-- so the service resumes it after a restart instead of starting a second one. Null when none is in flight.
alter table run_metric add column in_flight_started_at timestamptz;
alter table run_metric add column in_flight_metadata text;
