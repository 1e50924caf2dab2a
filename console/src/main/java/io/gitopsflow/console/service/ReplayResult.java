package io.gitopsflow.console.service;

import java.time.Duration;
import java.util.List;

/**
 * What a replay read and what the projection did with it.
 *
 * @param schema the schema rebuilt
 * @param topics the topics read
 * @param missingTopics the topics the live consumer reads that do not exist on the broker (nothing to read)
 * @param recordsRead the records read, every topic up to its end at the start
 * @param projected the events applied to the rebuilt schema
 * @param duplicates the events found already applied (redeliveries kept on the topics)
 * @param refused the records the projection refused (they are in their dead-letter topics since the live consumer
 *     read them; a replay sends nothing there)
 * @param duration how long the replay took, migrations included
 */
public record ReplayResult(
        String schema,
        List<String> topics,
        List<String> missingTopics,
        long recordsRead,
        long projected,
        long duplicates,
        long refused,
        Duration duration) {}
