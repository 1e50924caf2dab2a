package io.gitopsflow.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** promotion-service's refusals, relayed by the console, read as what to do. */
class RefusalsTest {

    private static final URI SERVER = URI.create("http://localhost:8086");

    @Test
    void aForbiddenActionNamesTheRoleItNeedsAndAConflictSaysWhy() {
        assertThat(Refusals.describe(
                        403,
                        "bob does not hold role release-managers needed to approve or reject promotions into prod",
                        SERVER))
                .isEqualTo("forbidden: bob does not hold role release-managers needed to approve or reject promotions"
                        + " into prod");
        assertThat(Refusals.describe(409, "stage prod runs no Freight yet", SERVER))
                .isEqualTo("refused: stage prod runs no Freight yet");
    }

    @Test
    void promotionServiceAwayBehindTheConsoleIsSaidAsTheConsoleGivesIt() {
        assertThat(Refusals.describe(
                        503,
                        "promotion-service did not answer in time: the action may have been taken, reload before"
                                + " trying again",
                        SERVER))
                .isEqualTo("unavailable (503): promotion-service did not answer in time: the action may have been"
                        + " taken, reload before trying again");
        assertThat(Refusals.describe(503, null, SERVER)).isEqualTo("the console is not ready (503): try again shortly");
    }
}
