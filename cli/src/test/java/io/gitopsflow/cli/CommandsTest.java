package io.gitopsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.cli.act.AbortCommand;
import io.gitopsflow.cli.act.ApproveCommand;
import io.gitopsflow.cli.act.OnboardCommand;
import io.gitopsflow.cli.act.PromoteCommand;
import io.gitopsflow.cli.act.RejectCommand;
import io.gitopsflow.cli.act.ReverifyCommand;
import io.gitopsflow.cli.act.RollbackCommand;
import io.gitopsflow.cli.dora.DoraCommand;
import io.gitopsflow.cli.get.GetCommand;
import io.gitopsflow.cli.timeline.TimelineCommand;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line itself: every command is registered and has help, and a name that cannot go into a URL, a missing
 * argument or a bad option is a usage error (exit 2) that says what was wrong — before any server is asked.
 */
class CommandsTest {

    private static final String PROMOTION = "5e6f7a8b-3333-4c5d-9e0f-1a2b3c4d5e6f";

    @Test
    void everyCommandOfTheIssueIsRegisteredAndPrintsItsHelp() {
        CommandLine root = new CommandLine(new GitopsFlowCommand(), CommandLine.defaultFactory());
        assertThat(root.getSubcommands().keySet())
                .contains(
                        "get",
                        "promote",
                        "approve",
                        "reject",
                        "abort",
                        "rollback",
                        "reverify",
                        "onboard",
                        "timeline",
                        "dora",
                        "completion");
        assertThat(root.getSubcommands().get("get").getSubcommands().keySet())
                .containsExactlyInAnyOrder("pipelines", "stages", "freight", "promotions");
        for (String command : List.of(
                "get stages",
                "get freight",
                "get promotions",
                "promote",
                "approve",
                "reject",
                "abort",
                "rollback",
                "reverify",
                "onboard",
                "timeline",
                "dora",
                "completion")) {
            String[] args = (command + " --help").split(" ");
            CliRun.Result help = CliRun.run(new GitopsFlowCommand(), args);
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: gitops-flow " + command);
        }
    }

    @Test
    void aPipelineThatIsNotADnsLabelIsAUsageErrorOfEveryCommandThatTakesOne() {
        List<Supplier<Object>> commands = List.of(
                GetCommand::new, PromoteCommand::new, RollbackCommand::new, ReverifyCommand::new, DoraCommand::new);
        List<String[]> args = List.of(
                new String[] {"stages", "Books"},
                new String[] {"Books", "prod", "brave-otter"},
                new String[] {"Books", "prod"},
                new String[] {"Books", "prod"},
                new String[] {"Books"});
        for (int i = 0; i < commands.size(); i++) {
            CliRun.Result result = CliRun.run(commands.get(i).get(), args.get(i));
            assertThat(result.exitCode()).as(String.join(" ", args.get(i))).isEqualTo(ExitCode.USAGE);
            assertThat(result.err())
                    .isEqualTo("error: 'Books' is not a valid pipeline (lower-case letters, digits and '-', at most"
                            + " 63)\n");
            assertThat(result.out()).isEmpty();
        }
        for (String list : List.of("freight", "promotions")) {
            assertThat(CliRun.run(new GetCommand(), list, "../admin").err())
                    .contains("'../admin' is not a valid pipeline");
        }
    }

    @Test
    void aStageAFreightOrAPromotionThatCannotGoIntoAUrlIsAUsageError() {
        CliRun.Result stage = CliRun.run(new PromoteCommand(), "books", "prod/x", "brave-otter");
        assertThat(stage.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(stage.err()).contains("'prod/x' is not a valid stage");

        CliRun.Result freight = CliRun.run(new PromoteCommand(), "books", "prod", "brave otter");
        assertThat(freight.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(freight.err()).contains("'brave otter' is not a valid freight");

        CliRun.Result rollbackTo = CliRun.run(new RollbackCommand(), "books", "prod", "--to", "x?y");
        assertThat(rollbackTo.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(rollbackTo.err()).contains("'x?y' is not a valid freight");

        CliRun.Result stageFilter = CliRun.run(new GetCommand(), "promotions", "books", "--stage", "PROD");
        assertThat(stageFilter.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(stageFilter.err()).contains("'PROD' is not a valid stage");

        for (Object command : List.of(new ApproveCommand(), new RejectCommand(), new AbortCommand())) {
            CliRun.Result promotion = CliRun.run(command, "1;drop", "--comment", "x");
            assertThat(promotion.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(promotion.err()).contains("'1;drop' is not a valid promotion");
        }
    }

    @Test
    void aMissingArgumentOrRequiredCommentIsAUsageErrorWithTheUsage() {
        CliRun.Result promote = CliRun.run(new PromoteCommand(), "books", "prod");
        assertThat(promote.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(promote.err())
                .contains("Missing required parameter: '<freight>'")
                .contains("Usage: promote");

        CliRun.Result reject = CliRun.run(new RejectCommand(), PROMOTION);
        assertThat(reject.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(reject.err()).contains("Missing required option: '--comment=<text>'");

        CliRun.Result timeline = CliRun.run(new TimelineCommand());
        assertThat(timeline.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(timeline.err()).contains("Missing required parameter: '<commit>'");

        CliRun.Result output = CliRun.run(new GetCommand(), "stages", "books", "-o", "xml");
        assertThat(output.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(output.err()).contains("expected one of [table, json, yaml]");
    }

    @Test
    void aPageSizeTheConsoleWouldRefuseIsAUsageError() {
        CliRun.Result tooMany = CliRun.run(new GetCommand(), "freight", "books", "--limit", "500");
        assertThat(tooMany.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(tooMany.err()).isEqualTo("error: --limit must be from 1 to 200, not 500\n");

        CliRun.Result cursor = CliRun.run(new GetCommand(), "promotions", "books", "--before", "a b");
        assertThat(cursor.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cursor.err()).contains("--before is not a cursor");
    }

    @Test
    void anOnboardingWithABadNameOrStageOrWithoutItsRequiredOptionsIsAUsageError() {
        CliRun.Result name = CliRun.run(
                new OnboardCommand(),
                "Books_API",
                "--image",
                "ghcr.io/acme/x",
                "--stages",
                "dev",
                "--repo",
                "https://x");
        assertThat(name.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(name.err()).contains("'Books_API' is not a valid application");
        CliRun.Result stage = CliRun.run(
                new OnboardCommand(),
                "books-api",
                "--image",
                "ghcr.io/acme/x",
                "--stages",
                "dev,../prod",
                "--repo",
                "https://x");
        assertThat(stage.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(stage.err()).contains("'../prod' is not a valid stage");
        CliRun.Result missing = CliRun.run(new OnboardCommand(), "books-api", "--stages", "dev");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("--image").contains("--repo");
    }
}
