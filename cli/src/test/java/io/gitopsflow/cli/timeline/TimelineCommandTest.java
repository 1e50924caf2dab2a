package io.gitopsflow.cli.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.cli.CliRun;
import io.gitopsflow.cli.ExitCode;
import org.junit.jupiter.api.Test;

/** {@code timeline <commit>}: the commit's header with the total time, then each step. */
class TimelineCommandTest {

    @Test
    void theHeaderNamesTheCommitAndTheTotalTimeAndEachStepIsALine() {
        String rendered = TimelineCommand.render(CliRun.console("timeline.json"));

        assertThat(rendered).isEqualTo("""
                        commit 9b1e2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d (acme/books-api refs/heads/main)
                        Author: Ada

                            feat: reviews

                        pushed 2026-12-05 20:00:00 UTC, last step 4h10m later; 5 steps

                        TIME                  KIND                 OUTCOME     STAGE        DURATION   SUMMARY
                        20:00:00              commit-pushed        info        -            -          Ada pushed 9b1e2c3 to acme/books-api main
                        20:00:37              build-finished       succeeded   -            37s        build b-42 succeeded: registry.example.com/acme/books:1.2.0
                        20:01:00              freight-created      info        books        850ms      Freight eager-lynx of books
                        20:05:00              analysis-completed   succeeded   books/dev    2m         eager-lynx verified in books/dev: Successful
                        2026-12-06 00:10:00   promotion-rejected   failed      books/prod   4h         carol rejected eager-lynx into books/prod: ?[2Jnot now
                        """);
    }

    @Test
    void aCommitWhosePushWasNotSeenCountsFromItsFirstStep() {
        ObjectNode timeline = CliRun.console("timeline.json").deepCopy();
        timeline.putNull("header");

        assertThat(TimelineCommand.render(timeline))
                .startsWith(
                        "commit 9b1e2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d\n    (its push was not seen by the console)\n"
                                + "first step 2026-12-05 20:00:00 UTC, last step 4h10m later; 5 steps\n");
    }

    @Test
    void aShortOrNonHexCommitIsAUsageErrorThatSaysHowToGetTheFullSha() {
        CliRun.Result shortSha = CliRun.run(new TimelineCommand(), "9b1e2c3");
        assertThat(shortSha.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(shortSha.err())
                .isEqualTo("error: timeline needs the full commit SHA (40 or 64 hex digits), not '9b1e2c3': `git"
                        + " rev-parse 9b1e2c3` gives it\n");

        CliRun.Result path = CliRun.run(new TimelineCommand(), "../../admin");
        assertThat(path.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(path.err()).contains("'../../admin' is not a valid commit");
    }
}
