package io.gitopsflow.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.client.ConsoleClient;
import io.gitopsflow.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow promote <pipeline> <stage> <freight>}: asks promotion-service (through the console, with the
 * user's token) to promote a Freight into a stage; promotion-service decides, checks the roles and records who asked.
 */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description = {
            "Promote a Freight (its id or alias) into a stage.",
            "Prints the promotion and its phase, e.g. Pending (needs 1 approval from prod-approver)."
        })
public class PromoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "The pipeline")
    String pipeline;

    @Parameters(index = "1", paramLabel = "<stage>", description = "The stage to promote into")
    String stage;

    @Parameters(index = "2", paramLabel = "<freight>", description = "The Freight's id or alias (e.g. brave-otter)")
    String freight;

    @Option(names = "--reason", paramLabel = "<text>", description = "Why (recorded with the promotion)")
    String reason;

    @Option(
            names = "--override-window",
            description = "Promote although a promotion window blocks it (needs the override role; recorded)")
    boolean overrideWindow;

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
        String freightName = Names.freight(freight);
        ConsoleClient console = server.console();
        JsonNode answer = Actions.act(
                console,
                "promote " + freightName + " to " + pipelineName + "/" + stageName,
                api -> api.promote(pipelineName, stageName, Actions.promotion(freightName, reason, overrideWindow)));
        String line = PromotionLine.of(answer, null, freightName, Actions.approvalsFor(console, answer));
        Actions.print(spec.commandLine().getOut(), output.format(), answer, line);
        return ExitCode.OK;
    }
}
