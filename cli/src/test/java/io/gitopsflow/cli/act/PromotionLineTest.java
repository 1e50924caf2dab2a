package io.gitopsflow.cli.act;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.cli.CliRun;
import io.gitopsflow.cli.output.Format;
import io.gitopsflow.cli.output.Output;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The line an action prints from promotion-service's answer as the console relays it: the promotion, its Freight and
 * stage, its phase as the board names it, and what it waits for or why it ended.
 */
class PromotionLineTest {

    @Test
    void aPendingPromotionSaysHowManyApprovalsFromWhichRoleItStillNeeds() {
        JsonNode answer = CliRun.console("promotion-pending.json");
        Optional<PromotionLine.Approvals> prod = PromotionLine.approvalsOf(CliRun.console("board.json"), "prod");

        assertThat(prod).contains(new PromotionLine.Approvals(2, "release-managers"));
        assertThat(PromotionLine.of(answer, null, "eager-lynx", prod))
                .isEqualTo("promotion 5e6f7a8b-3333-4c5d-9e0f-1a2b3c4d5e6f of eager-lynx to prod: Pending (needs 1"
                        + " more approval from release-managers)");

        ObjectNode none = answer.deepCopy();
        none.putArray("approvals");
        assertThat(PromotionLine.of(none, null, "eager-lynx", Optional.of(new PromotionLine.Approvals(1, "approver"))))
                .endsWith(": Pending (needs 1 approval from approver)");
        assertThat(PromotionLine.of(none, "approved", null, Optional.of(new PromotionLine.Approvals(3, null))))
                .isEqualTo("approved: promotion 5e6f7a8b-3333-4c5d-9e0f-1a2b3c4d5e6f of c3d4e5f to prod: Pending"
                        + " (needs 3 approvals)");
    }

    @Test
    void aPendingPromotionOfAStageWithoutApprovalsWaitsForItsWindowAndUnknownRulesAddNothing() {
        JsonNode answer = CliRun.console("promotion-pending.json");

        assertThat(PromotionLine.of(
                        answer, null, "eager-lynx", PromotionLine.approvalsOf(CliRun.console("board.json"), "dev")))
                .endsWith(": Pending (waits for a promotion window to open)");
        assertThat(PromotionLine.of(answer, null, "eager-lynx", Optional.empty()))
                .endsWith(" to prod: Pending");
    }

    @Test
    void anEndedRollbackSaysWhyAndThatTheStagesAutoPromotionIsHeld() {
        assertThat(PromotionLine.of(
                        CliRun.console("promotion-aborted-rollback.json"), "aborted", null, Optional.empty()))
                .isEqualTo("aborted: promotion 6f7a8b9c-6666-4d5e-8f0a-1b2c3d4e5f6a of a1b2c3d to prod: Aborted"
                        + " (wrong Freight); a rollback: auto-promotion of prod is held until someone releases it;"
                        + " a promotion window was overridden (recorded)");
    }

    @Test
    void aReverifyAnswersThePromotionItselfNotAView() {
        assertThat(PromotionLine.of(CliRun.console("reverified.json"), "verifying again", null, Optional.empty()))
                .isEqualTo("verifying again: promotion 7a8b9c0d-2222-4e5f-8a9b-0c1d2e3f4a5b of a1b2c3d to prod:"
                        + " Verifying");
    }

    @Test
    void phasesReadAsTheBoardNamesThem() {
        assertThat(PromotionLine.phase("HEALTH_CHECK")).isEqualTo("HealthCheck");
        assertThat(PromotionLine.phase("SUCCEEDED")).isEqualTo("Succeeded");
        assertThat(PromotionLine.phase("")).isEqualTo("?");
    }

    @Test
    void withJsonOrYamlTheAnswerIsPrintedAsItCame() {
        JsonNode answer = CliRun.console("promotion-pending.json");

        assertThat(Output.render(Format.json, answer, () -> "line")).contains("\"status\" : \"PENDING\"");
        assertThat(Output.render(Format.yaml, answer, () -> "line")).contains("status: PENDING");
    }
}
