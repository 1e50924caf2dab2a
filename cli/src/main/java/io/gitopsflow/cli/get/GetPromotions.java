package io.gitopsflow.cli.get;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow get promotions <pipeline> [--stage <stage>]}: the pipeline's promotions, newest first, with the
 * full id a person passes to {@code approve}, {@code reject} or {@code abort}, and the reason of the phase each is in.
 */
@Command(
        name = "promotions",
        mixinStandardHelpOptions = true,
        description = "List a pipeline's promotions, newest first (all stages, or one with --stage).")
public class GetPromotions implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "The pipeline")
    String pipeline;

    @Option(names = "--stage", paramLabel = "<stage>", description = "Only this stage's promotions")
    String stage;

    @Mixin
    Pages pages;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = Names.dnsLabel("pipeline", pipeline);
        String stageName = stage == null ? null : Names.dnsLabel("stage", stage);
        Integer limit = pages.limit();
        String before = pages.before();
        JsonNode promotions = server.console().call(api -> api.promotions(name, stageName, limit, before));
        String next = "gitops-flow get promotions " + name + (stageName == null ? "" : " --stage " + stageName);
        Output.print(
                spec.commandLine().getOut(),
                output.format(),
                promotions,
                () -> table(promotions, Instant.now()) + Pages.more(promotions, next));
        return ExitCode.OK;
    }

    static String table(JsonNode page, Instant now) {
        Table table = new Table("id", "stage", "phase", "freight", "requested by", "age", "rollback", "reason");
        for (JsonNode promotion : page.path("promotions")) {
            String age = Fields.age(promotion, "requestedAt", now);
            table.row(
                    Fields.text(promotion, "id"),
                    Fields.text(promotion, "stage"),
                    Fields.text(promotion, "phase"),
                    FreightNames.name(promotion.path("freight")),
                    Fields.text(promotion, "requestedBy"),
                    age != null ? age : Fields.age(promotion, "since", now),
                    promotion.path("rollback").asBoolean() ? "yes" : null,
                    Text.firstLine(Fields.text(promotion, "reason"), 60));
        }
        return table.isEmpty() ? "No promotions.\n" : table.render();
    }
}
