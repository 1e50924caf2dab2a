package io.gitopsflow.cli.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.CliRun;
import io.gitopsflow.cli.ExitCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rollback} without {@code --to}: the newest Freight older than the stage's current one that was verified there,
 * read from the console's Freight pages — and a failure that says why when there is none.
 */
class RollbackChoiceTest {

    @Test
    void theNewestOlderFreightVerifiedInTheStageIsChosenSkippingOneThatFailedThere() {
        RollbackChoice.Choice choice = RollbackChoice.choose("books", "dev", cursor -> CliRun.console("freight.json"));

        assertThat(choice)
                .isEqualTo(new RollbackChoice.Choice(
                        "c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6",
                        "eager-lynx",
                        "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4",
                        "brave-otter",
                        "2026-12-04T09:20:00Z"));
        assertThat(RollbackChoice.announce("dev", choice))
                .isEqualTo("rolling back stage dev from eager-lynx to brave-otter (verified 2026-12-04T09:20:00Z)");
    }

    @Test
    void theChoiceFollowsThePagesUntilItFindsOneAndAsksForEachPageAfterTheLast() {
        JsonNode all = CliRun.console("freight.json");
        JsonNode first = page(all, "cursor-1", 0);
        JsonNode second = page(all, "cursor-2", 1);
        JsonNode third = page(all, null, 2);
        List<String> asked = new ArrayList<>();

        RollbackChoice.Choice choice = RollbackChoice.choose("books", "dev", cursor -> {
            asked.add(String.valueOf(cursor));
            return cursor == null ? first : "cursor-1".equals(cursor) ? second : third;
        });

        assertThat(choice.toName()).isEqualTo("brave-otter");
        assertThat(asked).containsExactly("null", "cursor-1", "cursor-2");
    }

    @Test
    void aStageWithoutVerificationTakesASucceededFreight() {
        JsonNode freight = CliRun.console("freight.json").deepCopy();
        ObjectNode wildFoxInDev = (ObjectNode)
                freight.path("freight").get(1).path("stages").get(0).path("latestPromotion");
        wildFoxInDev.put("phase", "Succeeded").putNull("verificationPhase");

        assertThat(RollbackChoice.choose("books", "dev", cursor -> freight).toName())
                .isEqualTo("wild-fox");
    }

    @Test
    void aStageWhoseCurrentFreightIsTheOldestVerifiedHasNothingToGoBackTo() {
        assertThatThrownBy(() -> RollbackChoice.choose("books", "prod", cursor -> CliRun.console("freight.json")))
                .isInstanceOf(CliException.class)
                .hasMessage("no Freight older than brave-otter was verified in stage prod: name one with --to"
                        + " <freight> (see gitops-flow get freight books)")
                .extracting(failure -> ((CliException) failure).exitCode())
                .isEqualTo(ExitCode.FAILED);
    }

    @Test
    void aStageThatRunsNothingOrDoesNotExistIsSaid() {
        JsonNode freight = CliRun.console("freight.json").deepCopy();
        ((ObjectNode) freight).putNull("nextCursor");
        freight.path("freight")
                .forEach(entry -> entry.path("stages").forEach(state -> ((ObjectNode) state).put("current", false)));

        assertThatThrownBy(() -> RollbackChoice.choose("books", "prod", cursor -> freight))
                .hasMessage("stage prod of books runs no Freight yet (no promotion of it succeeded): there is nothing"
                        + " to roll back");
        assertThatThrownBy(() -> RollbackChoice.choose("books", "qa", cursor -> freight))
                .hasMessage("pipeline books has no stage qa (its stages: dev, prod)");
    }

    @Test
    void aCursorGivenTwiceEndsTheSearchInsteadOfReadingTheSamePageForever() {
        List<String> asked = new ArrayList<>();
        JsonNode freight = CliRun.console("freight.json");

        assertThatThrownBy(() -> RollbackChoice.choose("books", "prod", cursor -> {
                    asked.add(String.valueOf(cursor));
                    return freight;
                }))
                .isInstanceOf(CliException.class);
        assertThat(asked).hasSize(2);
    }

    /** One Freight of the fixture as a page of its own, with {@code next} as the cursor of the next page. */
    private static JsonNode page(JsonNode all, String next, int index) {
        ObjectNode page = all.deepCopy();
        ArrayNode one = page.putArray("freight");
        one.add(all.path("freight").get(index).deepCopy());
        if (next == null) {
            page.putNull("nextCursor");
        } else {
            page.put("nextCursor", next);
        }
        return page;
    }
}
