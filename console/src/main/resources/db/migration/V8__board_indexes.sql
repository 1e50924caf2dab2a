-- The board (GET /pipelines, GET /pipelines/{pipeline}/board) reads each stage's state as a top-1 or a short range
-- on an index, so it answers in milliseconds however many promotions a stage has had (docs/console/board.md).

-- A stage's current Freight: its last Succeeded promotion.
create index promotion_stage_succeeded on promotion (project, stage, phase_at desc) where phase = 'Succeeded';

-- A stage's latest promotion (read backwards) and its first one (read forwards: the stage order of a pipeline whose
-- definition is not known yet). A promotion whose creation was not seen yet counts from its first phase change.
create index promotion_stage_created on promotion (project, stage, (coalesce(created_at, phase_at)));

-- The promotions of a pipeline that wait (for approvals, a window, a soak).
create index promotion_pending on promotion (project, stage) where phase = 'Pending';

-- A pipeline's last activity: its promotion that changed last.
create index promotion_project on promotion (project, phase_at);
