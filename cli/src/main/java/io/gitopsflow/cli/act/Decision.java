package io.gitopsflow.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.client.ConsoleApi;
import io.gitopsflow.cli.client.ConsoleClient;
import io.gitopsflow.cli.output.OutputOptions;
import jakarta.ws.rs.core.Response;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code approve}, {@code reject} and {@code abort} share: a promotion id checked before it goes into the URL,
 * the decision passed on with its comment, and the promotion's phase afterwards — with the approvals it still needs
 * when it still waits.
 */
final class Decision {

    /** A console call of a decision: {@code ConsoleApi::approve}, {@code ::reject} or {@code ::abort}. */
    @FunctionalInterface
    interface Call {
        Response on(ConsoleApi api, String promotion, JsonNode body);
    }

    private Decision() {}

    /**
     * Decides on a promotion and prints what happened.
     *
     * @param verb what the user does, e.g. "approve"
     * @param done what was done, e.g. "approved"
     */
    static int decide(
            String verb,
            String done,
            String promotion,
            String comment,
            Call call,
            ServerOptions server,
            OutputOptions output,
            CommandSpec spec) {
        String id = Names.dnsLabel("promotion", promotion);
        ConsoleClient console = server.console();
        JsonNode answer =
                Actions.act(console, verb + " promotion " + id, api -> call.on(api, id, Actions.comment(comment)));
        String line = PromotionLine.of(answer, done, null, Actions.approvalsFor(console, answer));
        Actions.print(spec.commandLine().getOut(), output.format(), answer, line);
        return ExitCode.OK;
    }
}
