package io.gitopsflow.writer.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PullRequestBranchesTest {

    @Test
    void namesTheBranchAfterStageAndFreight() {
        assertThat(PullRequestBranches.forPromotion("staging", "f3a9c1d2")).isEqualTo("gitops-flow/staging/f3a9c1d2");
    }

    @Test
    void refusesNamesThatAreNoBranch() {
        assertThatThrownBy(() -> PullRequestBranches.forPromotion("Staging", "f3a9"))
                .hasMessageContaining("stage");
        assertThatThrownBy(() -> PullRequestBranches.forPromotion("staging", "a..b"))
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> PullRequestBranches.forPromotion("staging", "a/b"))
                .hasMessageContaining("'/'");
        assertThatThrownBy(() -> PullRequestBranches.forPromotion("staging", "x\ny"))
                .hasMessageContaining("control characters");
    }
}
