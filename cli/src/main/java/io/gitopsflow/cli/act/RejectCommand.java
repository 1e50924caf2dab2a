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
 * {@code gitops-flow reject <promotion>}: passed to promotion-service with the user's token, which checks the role and
 * records the decision; prints the promotion's phase afterwards.
 */
@Command(
        name = "reject",
        mixinStandardHelpOptions = true,
        description = {
            "Reject a pending promotion (a comment is required).",
            "It ends Rejected, nothing is written, and auto-promotion does not offer its Freight to the stage again."
        })
public class RejectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<promotion>", description = "The promotion's id (see get promotions)")
    String promotion;

    @Option(
            names = {"-m", "--comment"},
            required = true,
            paramLabel = "<text>",
            description = "Why (required: recorded, and shown to whoever asked for it)")
    String comment;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Decision.decide("reject", "rejected", promotion, comment, ConsoleApi::reject, server, output, spec);
    }
}
