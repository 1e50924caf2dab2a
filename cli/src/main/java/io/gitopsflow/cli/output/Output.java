package io.gitopsflow.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Prints what a command got: {@code json} and {@code yaml} print the console's answer as it came (for scripts and
 * {@code jq}/{@code yq}), {@code table} the table the command built from it.
 */
public final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private Output() {}

    /** Prints {@code answer} in {@code format}; the table is built only when it is the one asked for. */
    public static void print(PrintWriter out, Format format, JsonNode answer, Supplier<String> table) {
        out.print(render(format, answer, table));
        out.flush();
    }

    public static String render(Format format, JsonNode answer, Supplier<String> table) {
        try {
            return switch (format) {
                case json -> JSON.writeValueAsString(answer) + "\n";
                case yaml -> YAML.writeValueAsString(answer);
                case table -> table.get();
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the answer", e);
        }
    }
}
