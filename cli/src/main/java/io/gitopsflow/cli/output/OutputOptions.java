package io.gitopsflow.cli.output;

import picocli.CommandLine.Option;

/** {@code -o table|json|yaml} of the commands that print what the console answered. */
public class OutputOptions {

    @Option(
            names = {"-o", "--output"},
            paramLabel = "<format>",
            defaultValue = "table",
            description = "table, json or yaml (default: ${DEFAULT-VALUE})")
    Format format;

    public Format format() {
        return format;
    }
}
