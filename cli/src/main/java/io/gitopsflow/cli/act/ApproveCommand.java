package io.gitopsflow.cli.act;

import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.client.ConsoleApi;
import io.gitopsflow.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow approve <promotion>}: passed to promotion-service with the user's token, which checks the role and
 * records the decision; prints the promotion's phase afterwards.
 */
@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        description = {
            "Approve a pending promotion.",
            "Needs the stage's approver role; whoever asked for the promotion cannot approve it."
        })
public class ApproveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<promotion>", description = "The promotion's id (see get promotions)")
    String promotion;

    @Option(
            names = {"-m", "--comment"},
            paramLabel = "<text>",
            description = "Why (recorded with the decision)")
    String comment;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Decision.decide("approve", "approved", promotion, comment, ConsoleApi::approve, server, output, spec);
    }
}
