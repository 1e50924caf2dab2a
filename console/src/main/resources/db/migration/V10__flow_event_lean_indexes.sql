-- Every event pays for every index of flow_event on its way in. No query reads events by pipeline or by promotion
-- alone (the timeline reads by commit; filing reads the unfiled events of a promotion, flow_event_unfiled), so those
-- two indexes only slowed the projection (docs/benchmarks.md#console).
drop index flow_event_project;
drop index flow_event_promotion;
