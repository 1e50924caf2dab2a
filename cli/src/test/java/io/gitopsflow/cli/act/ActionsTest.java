package io.gitopsflow.cli.act;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bodies the actions send are the console's PromoteRequest, RollbackRequest and ActionComment, field for field. */
class ActionsTest {

    @Test
    void theBodiesCarryExactlyTheConsolesFields() {
        assertThat(Actions.promotion("brave-otter", "release", true).toString())
                .isEqualTo("{\"freight\":\"brave-otter\",\"reason\":\"release\",\"overrideWindow\":true}");
        assertThat(Actions.rollback("brave-otter", null).toString())
                .isEqualTo("{\"freight\":\"brave-otter\",\"reason\":null}");
        assertThat(Actions.comment("flaky metric").toString()).isEqualTo("{\"comment\":\"flaky metric\"}");
    }
}
