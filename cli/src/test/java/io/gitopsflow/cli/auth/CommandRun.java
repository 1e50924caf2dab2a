package io.gitopsflow.cli.auth;

import io.gitopsflow.cli.CliException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * A command run in this JVM as the launcher runs it: picocli over the command object, stdout and stderr captured, a
 * {@link CliException} printed as {@code error: <message>} with its exit code (what the CLI's failure handler does).
 *
 * @param exitCode what the process would exit with
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code command} with {@code args}; {@code err} receives stderr as it is written (a login's code). */
    static CommandRun of(Object command, StringWriter err, String... args) {
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
                    if (failure instanceof CliException known) {
                        commandLine.getErr().println("error: " + known.getMessage());
                        return known.exitCode();
                    }
                    throw failure;
                });
        int exitCode = line.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    static CommandRun of(Object command, String... args) {
        return of(command, new StringWriter(), args);
    }
}
