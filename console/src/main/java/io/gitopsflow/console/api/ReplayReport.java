package io.gitopsflow.console.api;

import java.util.List;

/**
 * The answer to a replay: what it read, what it rebuilt, how long it took.
 *
 * @param schema the schema rebuilt (point gitops-flow.console.schema at it and restart to serve it)
 * @param topics the topics read, each from its earliest offset to its end at the start
 * @param missingTopics topics the console reads that do not exist on the broker
 * @param recordsRead the records read
 * @param projected the events applied to the schema
 * @param duplicates the events found already applied (a redelivery kept on a topic)
 * @param refused the records the projection refused (they are in their dead-letter topics already)
 * @param durationMillis how long the replay took, migrations included
 */
public record ReplayReport(
        String schema,
        List<String> topics,
        List<String> missingTopics,
        long recordsRead,
        long projected,
        long duplicates,
        long refused,
        long durationMillis) {}
