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
 * {@code gitops-flow abort <promotion>}: passed to promotion-service with the user's token, which checks the role and
 * records the decision; prints the promotion's phase afterwards.
 */
@Command(name = "abort", mixinStandardHelpOptions = true, description = "Abort a running promotion.")
public class AbortCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<promotion>", description = "The promotion's id (see get promotions)")
    String promotion;

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
        return Decision.decide("abort", "aborted", promotion, comment, ConsoleApi::abort, server, output, spec);
    }
}
