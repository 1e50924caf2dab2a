package io.gitopsflow.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.get.FreightNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which Freight {@code rollback} goes back to when none is named: the newest Freight older than the stage's current one
 * whose latest promotion into that stage succeeded and was verified there (verification Successful, or none where the
 * stage has no verification) — what ran there, well, before. It reads the pipeline's Freight pages (newest first) as
 * the console gives them; a stage that runs nothing yet, or that never verified an older Freight, is a failure that
 * says so.
 */
final class RollbackChoice {

    /** How many pages of Freight to read at most (of {@link #PAGE} each) before giving up. */
    static final int MAX_PAGES = 10;

    static final int PAGE = 200;

    /**
     * The chosen Freight.
     *
     * @param fromId the stage's current Freight's id
     * @param fromName its alias, else its short id
     * @param toId the Freight to roll back to
     * @param toName its alias, else its short id
     * @param verifiedAt when its promotion into the stage succeeded, or null when not known
     */
    record Choice(String fromId, String fromName, String toId, String toName, String verifiedAt) {}

    private RollbackChoice() {}

    /**
     * The Freight to roll {@code stage} back to.
     *
     * @param pages the Freight page after a cursor (null: the first page), as {@code GET /pipelines/{p}/freight}
     *     answers it
     */
    static Choice choose(String pipeline, String stage, Function<String, JsonNode> pages) {
        String cursor = null;
        JsonNode current = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode list = pages.apply(cursor);
            requireStage(pipeline, stage, list);
            for (JsonNode freight : list.path("freight")) {
                JsonNode state = stateIn(freight, stage);
                if (current == null && state.path("current").asBoolean()) {
                    current = freight;
                } else if (current != null && verifiedOlder(state)) {
                    return choice(current, freight, state);
                }
            }
            String next = list.path("nextCursor").asText(null);
            if (next == null || next.isBlank() || next.equals(cursor)) {
                break; // the last page (a cursor given twice would read the same page again)
            }
            cursor = next;
        }
        if (current == null) {
            throw new CliException("stage " + stage + " of " + pipeline
                    + " runs no Freight yet (no promotion of it succeeded): there is nothing to roll back");
        }
        throw new CliException("no Freight older than " + name(current) + " was verified in stage " + stage
                + ": name one with --to <freight> (see gitops-flow get freight " + pipeline + ")");
    }

    /** The line said before rolling back: from what, to what, verified when. */
    static String announce(String stage, Choice choice) {
        return "rolling back stage " + stage + " from " + choice.fromName() + " to " + choice.toName()
                + (choice.verifiedAt() == null ? "" : " (verified " + choice.verifiedAt() + ")");
    }

    private static boolean verifiedOlder(JsonNode state) {
        JsonNode latest = state.path("latestPromotion");
        if (!state.path("olderThanCurrent").asBoolean() || !latest.isObject()) {
            return false;
        }
        String verification = latest.path("verificationPhase").asText(null);
        return "Succeeded".equals(latest.path("phase").asText())
                && (verification == null || "Successful".equals(verification));
    }

    private static Choice choice(JsonNode current, JsonNode target, JsonNode state) {
        return new Choice(
                current.path("id").asText(),
                name(current),
                target.path("id").asText(),
                name(target),
                state.path("latestPromotion").path("since").asText(null));
    }

    private static void requireStage(String pipeline, String stage, JsonNode list) {
        List<String> stages = new ArrayList<>();
        list.path("stages").forEach(name -> stages.add(name.asText()));
        if (!stages.contains(stage)) {
            throw new CliException("pipeline " + pipeline + " has no stage " + stage
                    + (stages.isEmpty() ? "" : " (its stages: " + String.join(", ", stages) + ")"));
        }
    }

    private static JsonNode stateIn(JsonNode freight, String stage) {
        for (JsonNode state : freight.path("stages")) {
            if (stage.equals(state.path("stage").asText())) {
                return state;
            }
        }
        return MissingNode.getInstance();
    }

    private static String name(JsonNode freight) {
        return Optional.ofNullable(FreightNames.name(freight)).orElse("?");
    }
}
