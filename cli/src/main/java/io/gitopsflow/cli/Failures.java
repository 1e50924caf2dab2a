package io.gitopsflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into one line on stderr and an exit code: a {@link CliException} as its message, anything
 * else as its kind and message (no stack trace for the user; {@code GITOPS_FLOW_DEBUG=1} prints it).
 */
final class Failures implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        if (failure instanceof CliException known) {
            command.getErr().println("error: " + known.getMessage());
            return known.exitCode();
        }
        command.getErr().println("error: " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
        if (System.getenv("GITOPS_FLOW_DEBUG") != null) {
            failure.printStackTrace(command.getErr());
        }
        return ExitCode.FAILED;
    }
}
