package io.gitopsflow.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.client.ConsoleClient;
import io.gitopsflow.cli.output.Format;
import io.gitopsflow.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow rollback <pipeline> <stage> [--to <freight>]}: promotes an older Freight into a stage, which
 * promotion-service records as a rollback and which holds the stage's auto-promotion (so the bad Freight does not come
 * straight back). Without {@code --to} it goes back to the previously verified Freight ({@link RollbackChoice}) and
 * says which before it asks.
 */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Roll a stage back to an older Freight (holds the stage's auto-promotion).",
            "Without --to: the newest Freight older than the current one that was verified in that stage."
        })
public class RollbackCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "The pipeline")
    String pipeline;

    @Parameters(index = "1", paramLabel = "<stage>", description = "The stage to roll back")
    String stage;

    @Option(
            names = "--to",
            paramLabel = "<freight>",
            description = "The Freight (id or alias) to go back to (default: the previously verified one)")
    String to;

    @Option(names = "--reason", paramLabel = "<text>", description = "Why (recorded with the promotion)")
    String reason;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String pipelineName = Names.dnsLabel("pipeline", pipeline);
        String stageName = Names.dnsLabel("stage", stage);
        String target = to == null ? null : Names.freight(to);
        ConsoleClient console = server.console();
        String shown = target;
        if (target == null) {
            RollbackChoice.Choice choice = RollbackChoice.choose(
                    pipelineName,
                    stageName,
                    cursor -> console.call(api -> api.freight(pipelineName, RollbackChoice.PAGE, cursor)));
            // people read the choice first; scripts asking for JSON/YAML get it on stderr, their stdout stays parseable
            PrintWriter say = output.format() == Format.table
                    ? spec.commandLine().getOut()
                    : spec.commandLine().getErr();
            say.println(RollbackChoice.announce(stageName, choice));
            say.flush();
            target = choice.toId();
            shown = choice.toName();
        }
        String freight = target;
        JsonNode answer = Actions.act(
                console,
                "roll back " + pipelineName + "/" + stageName + " to " + shown,
                api -> api.rollback(pipelineName, stageName, Actions.rollback(freight, reason)));
        String line = PromotionLine.of(answer, null, shown, Actions.approvalsFor(console, answer));
        Actions.print(spec.commandLine().getOut(), output.format(), answer, line);
        return ExitCode.OK;
    }
}
