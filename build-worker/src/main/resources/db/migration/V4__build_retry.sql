-- A build that failed because the registry or the Git host could not be reached (or answered 5xx) is not FAILED: it
-- goes back to the queue and is tried again after a backoff, a bounded number of times.
alter table build add column attempts int not null default 0;
alter table build add column retry_at timestamptz;
