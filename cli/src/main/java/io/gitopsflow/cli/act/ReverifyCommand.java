package io.gitopsflow.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.output.OutputOptions;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow reverify <pipeline> <stage>}: runs the stage's verification again on what it runs now (its last
 * promotion goes back to Verifying), e.g. after fixing a flaky metric; promotion-service refuses it while another
 * promotion runs there or when the stage has no verification.
 */
@Command(
        name = "reverify",
        mixinStandardHelpOptions = true,
        description = "Verify a stage's current Freight again (its AnalysisTemplates run anew).")
public class ReverifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "The pipeline")
    String pipeline;

    @Parameters(index = "1", paramLabel = "<stage>", description = "The stage")
    String stage;

    @Option(
            names = {"-m", "--comment"},
            paramLabel = "<text>",
            description = "Why (recorded with the promotion)")
    String comment;

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
        JsonNode answer = Actions.act(
                server.console(),
                "reverify " + pipelineName + "/" + stageName,
                api -> api.reverify(pipelineName, stageName, Actions.comment(comment)));
        String line = PromotionLine.of(answer, "verifying again", null, Optional.empty());
        Actions.print(spec.commandLine().getOut(), output.format(), answer, line);
        return ExitCode.OK;
    }
}
