package io.gitopsflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Runs a command in process as the CLI would (case-insensitive enums, failures as one line on stderr) with a plain
 * picocli factory, no Quarkus; and reads the console's answers kept under {@code src/test/resources/console/}.
 */
public final class CliRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a run printed and how it ended.
     *
     * @param exitCode the exit code
     * @param out stdout
     * @param err stderr
     */
    public record Result(int exitCode, String out, String err) {}

    private CliRun() {}

    public static Result run(Object command, String... args) {
        CommandLine line = new CommandLine(command, CommandLine.defaultFactory())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new Failures());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exitCode = line.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** A console answer from {@code src/test/resources/console/<name>}. */
    public static JsonNode console(String name) {
        try (InputStream in = CliRun.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
