package io.gitopsflow.cli.dora;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.get.Text;
import io.gitopsflow.cli.output.Fields;
import io.gitopsflow.cli.output.Output;
import io.gitopsflow.cli.output.OutputOptions;
import io.gitopsflow.cli.output.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow dora <pipeline> [--window 30d]}: the four DORA keys as the console computes them
 * (docs/console/dora.md) — for the pipeline (its last stages together) and for each stage — one line each, with the
 * counts behind every figure so a reader tells one sample from a hundred.
 */
@Command(
        name = "dora",
        mixinStandardHelpOptions = true,
        description = {
            "Show a pipeline's DORA metrics: deployment frequency, lead time, change failure rate, time to restore.",
            "The pipeline's figures are those of its last stages (marked *); each stage's follow."
        })
public class DoraCommand implements Callable<Integer> {

    static final Set<String> WINDOWS = Set.of("7d", "30d", "90d");

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "The pipeline")
    String pipeline;

    @Option(
            names = {"-w", "--window"},
            paramLabel = "<days>",
            defaultValue = "30d",
            description = "The last 7d, 30d or 90d (default: ${DEFAULT-VALUE})")
    String window;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = Names.dnsLabel("pipeline", pipeline);
        String over = window.strip().toLowerCase(Locale.ROOT);
        if (!WINDOWS.contains(over)) {
            throw new CliException(
                    "--window must be 7d, 30d or 90d, not '" + Text.cut(Text.printable(window), 20) + "'",
                    ExitCode.USAGE);
        }
        JsonNode report = server.console().call(api -> api.dora(name, over));
        Output.print(spec.commandLine().getOut(), output.format(), report, () -> render(report));
        return ExitCode.OK;
    }

    static String render(JsonNode report) {
        StringBuilder out = new StringBuilder(header(report));
        Table table = new Table(
                "scope", "deployments", "per day", "lead time p50/p90", "change failure rate", "time to restore");
        table.row(row("pipeline", report.path("pipelineFigures")));
        for (JsonNode stage : report.path("stages")) {
            String name = Fields.text(stage, "stage") + (stage.path("last").asBoolean() ? " *" : "");
            table.row(row(name, stage.path("figures")));
        }
        return out.append(table.render())
                .append("lead time: median / 90th percentile (deployments measured); * a last stage\n")
                .toString();
    }

    private static String header(JsonNode report) {
        List<String> last = new ArrayList<>();
        report.path("lastStages").forEach(stage -> last.add(stage.asText()));
        String from = Fields.text(report, "lastStagesFrom");
        String basis = last.isEmpty()
                ? "nothing promoted yet"
                : "last stages " + String.join(", ", last)
                        + ("definition".equals(from)
                                ? " (from the definition)"
                                : "first-promotion".equals(from)
                                        ? " (no definition: the latest first promoted into)"
                                        : "");
        return Text.printable("Pipeline " + Fields.text(report, "pipeline") + ", last " + Fields.text(report, "window")
                        + " (" + day(Fields.text(report, "from")) + " to " + day(Fields.text(report, "to")) + " UTC); "
                        + "pipeline figures: " + basis)
                + "\n\n";
    }

    private static Object[] row(String scope, JsonNode figures) {
        JsonNode frequency = figures.path("deploymentFrequency");
        return new Object[] {
            scope,
            frequency.path("deployments").asLong(),
            String.format(Locale.ROOT, "%.2f", frequency.path("perDay").asDouble()),
            leadTime(figures.path("leadTime")),
            failureRate(figures.path("changeFailureRate")),
            timeToRestore(figures.path("timeToRestore"))
        };
    }

    static String leadTime(JsonNode lead) {
        if (!lead.path("p50Seconds").isNumber()) {
            return null;
        }
        return seconds(lead.path("p50Seconds")) + " / " + seconds(lead.path("p90Seconds")) + " ("
                + lead.path("samples").asLong() + ")";
    }

    static String failureRate(JsonNode rate) {
        if (!rate.path("ratio").isNumber()) {
            return null;
        }
        String percent = String.format(Locale.ROOT, "%.1f%%", rate.path("ratio").asDouble() * 100);
        return percent + " (" + rate.path("failures").asLong() + " of "
                + rate.path("changes").asLong() + ")";
    }

    static String timeToRestore(JsonNode restore) {
        long unrestored = restore.path("unrestored").asLong();
        String open = unrestored > 0 ? unrestored + " not restored" : null;
        if (!restore.path("medianSeconds").isNumber()) {
            return open;
        }
        return seconds(restore.path("medianSeconds")) + " ("
                + restore.path("restored").asLong() + " restored" + (open == null ? "" : ", " + open) + ")";
    }

    private static String seconds(JsonNode seconds) {
        return seconds.isNumber() ? Fields.short_(Duration.ofMillis(Math.round(seconds.asDouble() * 1000))) : "-";
    }

    private static String day(String instant) {
        if (instant == null) {
            return "?";
        }
        try {
            return DAY.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }
}
