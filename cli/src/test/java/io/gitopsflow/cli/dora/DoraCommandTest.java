package io.gitopsflow.cli.dora;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.cli.CliRun;
import io.gitopsflow.cli.ExitCode;
import org.junit.jupiter.api.Test;

/** {@code dora <pipeline>}: the pipeline's figures, then each stage's, with the counts behind them. */
class DoraCommandTest {

    @Test
    void thePipelineAndEachStageAreALineWithTheCountsBehindEachFigure() {
        assertThat(DoraCommand.render(CliRun.console("dora.json"))).isEqualTo("""
                        Pipeline books, last 30d (2026-11-06 02:00 to 2026-12-06 02:00 UTC); pipeline figures: last stages prod (from the definition)

                        SCOPE      DEPLOYMENTS   PER DAY   LEAD TIME P50/P90   CHANGE FAILURE RATE   TIME TO RESTORE
                        pipeline   12            0.40      2h5m / 5h (12)      8.3% (1 of 12)        45m (1 restored)
                        dev        30            1.00      5m / 10m (30)       25.0% (10 of 40)      15m (9 restored, 1 not restored)
                        prod *     0             0.00      -                   -                     -
                        lead time: median / 90th percentile (deployments measured); * a last stage
                        """);
    }

    @Test
    void aWindowTheConsoleDoesNotOfferIsAUsageError() {
        CliRun.Result result = CliRun.run(new DoraCommand(), "books", "--window", "2d");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("error: --window must be 7d, 30d or 90d, not '2d'\n");
    }
}
