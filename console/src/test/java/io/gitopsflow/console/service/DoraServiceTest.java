package io.gitopsflow.console.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gitopsflow.console.api.DoraFigures;
import io.gitopsflow.console.repository.DoraRow;
import org.junit.jupiter.api.Test;

/** How the query's counts become the answer's figures, and which windows a request may name. */
class DoraServiceTest {

    @Test
    void aFailedVerificationCountsAmongTheChangesWrittenButNotAmongTheDeployments() {
        DoraRow row = new DoraRow("prod", 5, 4, 1, 9000.0, 13320.0, 1, 1, 2, 4500.0);

        DoraFigures figures = DoraService.figures(row, DoraWindow.DAYS_30);

        assertThat(figures.deploymentFrequency().deployments()).isEqualTo(5);
        assertThat(figures.deploymentFrequency().perDay()).isCloseTo(5 / 30.0, within(1e-12));
        assertThat(figures.changeFailureRate().changes()).isEqualTo(6);
        assertThat(figures.changeFailureRate().failures()).isEqualTo(2);
        assertThat(figures.changeFailureRate().ratio()).isCloseTo(2 / 6.0, within(1e-12));
        assertThat(figures.timeToRestore().unrestored()).isZero();
        assertThat(figures.leadTime().fromFreightCreation()).isEqualTo(1);
    }

    @Test
    void aStageWithNothingWrittenHasNoFailureRateRatherThanZero() {
        DoraFigures figures = DoraService.figures(DoraRow.empty("dev"), DoraWindow.DAYS_7);

        assertThat(figures.changeFailureRate().ratio()).isNull();
        assertThat(figures.leadTime().p50Seconds()).isNull();
        assertThat(figures.timeToRestore().medianSeconds()).isNull();
        assertThat(figures.deploymentFrequency().perDay()).isZero();
    }

    @Test
    void aFailureNotYetFollowedByADeploymentIsUnrestored() {
        DoraRow row = new DoraRow("prod", 1, 1, 0, 60.0, 60.0, 2, 0, 1, 600.0);

        assertThat(DoraService.figures(row, DoraWindow.DAYS_90).timeToRestore().unrestored())
                .isEqualTo(1);
    }

    @Test
    void onlySevenThirtyAndNinetyDaysAreWindows() {
        assertThat(DoraWindow.of("7d")).contains(DoraWindow.DAYS_7);
        assertThat(DoraWindow.of("30d")).contains(DoraWindow.DAYS_30);
        assertThat(DoraWindow.of("90d")).contains(DoraWindow.DAYS_90);
        assertThat(DoraWindow.of("14d")).isEmpty();
        assertThat(DoraWindow.of("7D")).isEmpty();
        assertThat(DoraWindow.DEFAULT.days()).isEqualTo(30);
    }
}
