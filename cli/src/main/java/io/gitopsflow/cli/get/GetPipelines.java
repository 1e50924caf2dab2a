package io.gitopsflow.cli.get;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.output.Fields;
import io.gitopsflow.cli.output.Output;
import io.gitopsflow.cli.output.OutputOptions;
import io.gitopsflow.cli.output.Table;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gitops-flow get pipelines}: every pipeline the console knows, with its Warehouse and stage count. */
@Command(name = "pipelines", mixinStandardHelpOptions = true, description = "List the pipelines.")
public class GetPipelines implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode pipelines = server.console().call(api -> api.pipelines());
        Output.print(spec.commandLine().getOut(), output.format(), pipelines, () -> table(pipelines, Instant.now()));
        return ExitCode.OK;
    }

    static String table(JsonNode pipelines, Instant now) {
        Table table = new Table("name", "warehouse", "stages", "state", "last activity");
        for (JsonNode pipeline : pipelines) {
            String state = pipeline.path("removed").asBoolean()
                    ? "removed"
                    : pipeline.path("configured").asBoolean() ? "configured" : "not configured";
            table.row(
                    Fields.text(pipeline, "name"),
                    Fields.text(pipeline, "warehouse"),
                    Fields.text(pipeline, "stageCount"),
                    state,
                    Fields.age(pipeline, "lastActivity", now));
        }
        return table.isEmpty() ? "No pipelines.\n" : table.render();
    }
}
