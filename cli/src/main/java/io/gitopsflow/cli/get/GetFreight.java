package io.gitopsflow.cli.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
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
 * {@code gitops-flow get freight <pipeline>}: the pipeline's Freight, newest first, as {@code kargo get freight} lists
 * it, with one column per stage saying where each Freight runs ({@code *}), how its latest promotion there went and
 * its verification — so a reader sees what can be promoted and what a rollback would go back to.
 */
@Command(
        name = "freight",
        mixinStandardHelpOptions = true,
        description = "List a pipeline's Freight, newest first, with its state in every stage (* runs there).")
public class GetFreight implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "The pipeline")
    String pipeline;

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
        Integer limit = pages.limit();
        String before = pages.before();
        JsonNode freight = server.console().call(api -> api.freight(name, limit, before));
        Output.print(
                spec.commandLine().getOut(),
                output.format(),
                freight,
                () -> table(freight, Instant.now()) + Pages.more(freight, "gitops-flow get freight " + name));
        return ExitCode.OK;
    }

    static String table(JsonNode page, Instant now) {
        List<String> stages = new ArrayList<>();
        page.path("stages").forEach(stage -> stages.add(stage.asText()));
        // charts and Git commits get columns only when a Freight of the page has some: a pipeline of images reads as
        // before
        boolean charts = any(page, "charts");
        boolean commits = any(page, "commits");
        List<String> headers = new ArrayList<>(List.of("alias", "id", "images"));
        if (charts) {
            headers.add("charts");
        }
        if (commits) {
            headers.add("commits");
        }
        headers.addAll(List.of("commit", "age"));
        headers.addAll(stages);
        Table table = new Table(headers.toArray(String[]::new));
        boolean anyCurrent = false;
        for (JsonNode freight : page.path("freight")) {
            List<Object> cells = new ArrayList<>();
            cells.add(Fields.text(freight, "alias"));
            cells.add(FreightNames.shortId(Fields.text(freight, "id")));
            cells.add(FreightNames.images(freight.path("images")));
            if (charts) {
                cells.add(FreightNames.charts(freight.path("charts")));
            }
            if (commits) {
                cells.add(FreightNames.commits(freight.path("commits")));
            }
            cells.add(commit(freight.path("commit")));
            cells.add(Fields.age(freight, "createdAt", now));
            for (String stage : stages) {
                JsonNode state = stateIn(freight, stage);
                anyCurrent |= state.path("current").asBoolean();
                cells.add(state(state));
            }
            table.row(cells.toArray());
        }
        if (table.isEmpty()) {
            return "No Freight.\n";
        }
        return table.render() + (anyCurrent ? "* the stage's current Freight\n" : "");
    }

    private static boolean any(JsonNode page, String artifacts) {
        for (JsonNode freight : page.path("freight")) {
            if (!freight.path(artifacts).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode stateIn(JsonNode freight, String stage) {
        for (JsonNode state : freight.path("stages")) {
            if (stage.equals(state.path("stage").asText())) {
                return state;
            }
        }
        return MissingNode.getInstance();
    }

    /** The commit as its short SHA and the first line of its message. */
    static String commit(JsonNode commit) {
        String sha = Fields.text(commit, "sha");
        if (sha == null) {
            return null;
        }
        String message = Text.firstLine(Fields.text(commit, "message"), 40);
        return FreightNames.shortId(sha) + (message == null ? "" : " " + message);
    }

    /**
     * A Freight's state in one stage: its latest promotion's phase, the verification when it says more than the phase
     * (a Succeeded promotion was verified Successful), {@code *} first where it runs, {@code -} where it never went.
     */
    static String state(JsonNode state) {
        JsonNode latest = state.path("latestPromotion");
        String current = state.path("current").asBoolean() ? "* " : "";
        if (!latest.isObject()) {
            return current.isEmpty() ? null : "* (running)";
        }
        String phase = Fields.text(latest, "phase");
        String verification = Fields.text(latest, "verificationPhase");
        StringBuilder cell = new StringBuilder(current).append(phase);
        if (verification != null && !("Succeeded".equals(phase) && "Successful".equals(verification))) {
            cell.append('/').append(verification);
        }
        if (latest.path("rollback").asBoolean()) {
            cell.append(" (rollback)");
        }
        return cell.toString();
    }
}
