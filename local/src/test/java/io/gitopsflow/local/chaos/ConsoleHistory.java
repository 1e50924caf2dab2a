package io.gitopsflow.local.chaos;

import static io.gitopsflow.local.chaos.JsonApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.local.chaos.PushOutcome.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history as the console shows it: each accepted commit's {@code GET /timeline/{commit}} from every console
 * instance must be the same answer, the console must know every accepted commit, and a push promotion-service and
 * analysis-service call verified must show its successful analysis on the timeline (the console read the same
 * history the services wrote).
 */
final class ConsoleHistory {

    private ConsoleHistory() {}

    /** What differs, one line per commit and console; empty when every console tells the same, complete history. */
    static List<String> differences(JsonApi api, List<String> consoles, List<PushOutcome> outcomes, String stage) {
        List<String> differences = new ArrayList<>();
        for (PushOutcome outcome : outcomes) {
            String commit = outcome.push().commit();
            JsonNode first = null;
            for (String console : consoles) {
                Optional<JsonNode> timeline = api.find(console, "/timeline/" + commit);
                if (timeline.isEmpty()) {
                    differences.add("console " + console + " does not know commit " + commit);
                    continue;
                }
                if (first == null) {
                    first = timeline.get();
                } else if (!first.equals(timeline.get())) {
                    differences.add("console " + console + "'s timeline of " + commit + " differs from "
                            + consoles.get(0) + "'s");
                }
                if (outcome.state() == State.VERIFIED && !showsVerified(timeline.get(), stage)) {
                    differences.add("console " + console + "'s timeline of " + commit
                            + " has no successful analysis in " + stage + " (" + outcome.detail() + ")");
                }
            }
        }
        return differences;
    }

    private static boolean showsVerified(JsonNode timeline, String stage) {
        for (JsonNode step : timeline.path("steps")) {
            if ("analysis-completed".equals(text(step, "kind"))
                    && stage.equals(text(step, "stage"))
                    && "succeeded".equals(text(step, "outcome"))) {
                return true;
            }
        }
        return false;
    }
}
