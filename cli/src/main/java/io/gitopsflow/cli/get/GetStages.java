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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow get stages <pipeline>}: the pipeline's board as {@code kargo get stages} lists it, one line per
 * stage in pipeline order — what runs there, its newest promotion, its verification and gate, what waits for reviewers
 * — with the Warehouse's newest Freight above and held auto-promotions below.
 */
@Command(
        name = "stages",
        mixinStandardHelpOptions = true,
        description = "List a pipeline's stages: current Freight, latest promotion, verification, approvals.")
public class GetStages implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "The pipeline")
    String pipeline;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = Names.dnsLabel("pipeline", pipeline);
        JsonNode board = server.console().call(api -> api.board(name));
        Output.print(spec.commandLine().getOut(), output.format(), board, () -> table(board, Instant.now()));
        return ExitCode.OK;
    }

    static String table(JsonNode board, Instant now) {
        StringBuilder out = new StringBuilder(header(board));
        Table table = new Table(
                "name", "upstream", "freight", "tags", "promotion", "verification", "health gate", "approvals");
        List<String> holds = new ArrayList<>();
        for (JsonNode stage : board.path("stages")) {
            JsonNode current = stage.path("current").path("freight");
            table.row(
                    Fields.text(stage, "name"),
                    upstream(stage),
                    FreightNames.name(current),
                    FreightNames.versions(current),
                    promotion(stage),
                    Fields.text(stage, "verification.phase"),
                    gate(stage.path("healthGate")),
                    approvals(stage));
            if (stage.path("hold").path("held").asBoolean()) {
                holds.add(hold(stage, now));
            }
        }
        if (table.isEmpty()) {
            return out.append("No stages.\n").toString();
        }
        out.append(table.render());
        holds.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static String header(JsonNode board) {
        String pipeline = Fields.text(board, "pipeline");
        StringBuilder header = new StringBuilder("Pipeline ").append(pipeline);
        if (board.path("removed").asBoolean()) {
            header.append(" (no longer declared)");
        } else if (!board.path("configured").asBoolean()) {
            header.append(" (no definition seen: its stages are those promoted into)");
        }
        JsonNode warehouse = board.path("warehouse");
        String name = Fields.text(warehouse, "name");
        if (name != null) {
            header.append(", Warehouse ").append(name);
            JsonNode newest = warehouse.path("newestFreight");
            header.append(
                    newest.isObject()
                            ? ": newest Freight " + FreightNames.name(newest) + " (" + FreightNames.versions(newest)
                                    + ")"
                            : ": no Freight yet");
        }
        return Text.printable(header.toString()) + "\n\n";
    }

    private static String upstream(JsonNode stage) {
        List<String> upstream = new ArrayList<>();
        stage.path("upstream").forEach(name -> upstream.add(name.asText()));
        if (!upstream.isEmpty()) {
            return String.join(", ", upstream);
        }
        return stage.path("fromWarehouse").asBoolean() ? "(warehouse)" : null;
    }

    /** The newest promotion's phase, with its Freight when it is not the one running, and a rollback's mark. */
    private static String promotion(JsonNode stage) {
        JsonNode latest = stage.path("latestPromotion");
        if (!latest.isObject()) {
            return null;
        }
        StringBuilder cell = new StringBuilder(String.valueOf(Fields.text(latest, "phase")));
        String freightId = Fields.text(latest, "freightId");
        if (freightId != null && !freightId.equals(Fields.text(stage, "current.freight.id"))) {
            cell.append(' ').append(FreightNames.name(Fields.text(latest, "freightAlias"), freightId));
        }
        if (latest.path("rollback").asBoolean()) {
            cell.append(" (rollback)");
        }
        return cell.toString();
    }

    private static String gate(JsonNode gate) {
        String name = Fields.text(gate, "name");
        if (name == null) {
            return null;
        }
        String namespace = Fields.text(gate, "namespace");
        return namespace == null ? name : namespace + "/" + name;
    }

    /** Each waiting promotion as approved/required, oldest first; "none pending" where approvals are required. */
    private static String approvals(JsonNode stage) {
        List<String> waiting = new ArrayList<>();
        for (JsonNode pending : stage.path("pendingApprovals")) {
            JsonNode required = pending.path("requiredApprovals");
            int needed = required.isNumber()
                    ? required.asInt()
                    : stage.path("requiredApprovals").asInt();
            waiting.add(pending.path("approvedBy").size() + "/" + needed
                    + (pending.path("rejected").asBoolean() ? " rejected" : ""));
        }
        if (!waiting.isEmpty()) {
            return String.join(", ", waiting);
        }
        int required = stage.path("requiredApprovals").asInt();
        return required > 0 ? "none pending (needs " + required + ")" : null;
    }

    private static String hold(JsonNode stage, Instant now) {
        JsonNode hold = stage.path("hold");
        String by = Fields.text(hold, "by");
        String reason = Fields.text(hold, "reason");
        String since = Fields.age(hold, "since", now);
        return Text.printable("auto-promotion of " + Fields.text(stage, "name") + " is held"
                + (by == null ? "" : " by " + by)
                + (since == null ? "" : " (" + since + " ago)")
                + (reason == null ? "" : ": " + reason));
    }
}
