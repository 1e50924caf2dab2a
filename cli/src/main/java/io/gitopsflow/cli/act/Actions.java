package io.gitopsflow.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.client.ConsoleApi;
import io.gitopsflow.cli.client.ConsoleClient;
import io.gitopsflow.cli.output.Format;
import io.gitopsflow.cli.output.Output;
import jakarta.ws.rs.core.Response;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every action shares: the request bodies the console takes (its {@code PromoteRequest}, {@code RollbackRequest}
 * and {@code ActionComment}), a refusal that says which action was refused ("cannot approve promotion …: forbidden:
 * alice does not hold role …"), the approvals a pending promotion still needs, and the one line (or the answer as
 * JSON/YAML) a person or script reads.
 */
final class Actions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Actions() {}

    /** Calls the console for {@code what} (e.g. "approve promotion 1f…"): its refusal is prefixed with it. */
    static JsonNode act(ConsoleClient console, String what, Function<ConsoleApi, Response> call) {
        try {
            return console.call(call);
        } catch (CliException refused) {
            throw new CliException("cannot " + what + ": " + refused.getMessage(), refused.exitCode());
        }
    }

    /** {@code {"comment": ...}}: an action's or a decision's comment; no comment is {@code null}. */
    static ObjectNode comment(String comment) {
        ObjectNode body = JSON.createObjectNode();
        body.put("comment", comment);
        return body;
    }

    /** {@code {"freight": ..., "reason": ..., "overrideWindow": ...}}: a promotion request. */
    static ObjectNode promotion(String freight, String reason, boolean overrideWindow) {
        ObjectNode body = JSON.createObjectNode();
        body.put("freight", freight);
        body.put("reason", reason);
        body.put("overrideWindow", overrideWindow);
        return body;
    }

    /** The console's {@code OnboardingRequest}: an application to onboard (gitops-writer checks every name). */
    static ObjectNode onboarding(
            String name,
            String image,
            List<String> stages,
            String layout,
            String repositoryUrl,
            String branch,
            boolean pullRequest) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("imageRepository", image);
        stages.forEach(body.putArray("stages")::add);
        body.put("layout", layout);
        body.put("repositoryUrl", repositoryUrl);
        body.put("branch", branch);
        body.put("writeMode", pullRequest ? "pull-request" : "push");
        return body;
    }

    /** {@code {"freight": ..., "reason": ...}}: a rollback request. */
    static ObjectNode rollback(String freight, String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("freight", freight);
        body.put("reason", reason);
        return body;
    }

    /**
     * The approvals the stage of a pending promotion requires and the role that gives them, from the pipeline's board;
     * empty when the promotion is not pending or the board cannot be read (the action happened all the same: the line
     * then only lacks the detail).
     */
    static Optional<PromotionLine.Approvals> approvalsFor(ConsoleClient console, JsonNode answer) {
        JsonNode promotion = PromotionLine.promotion(answer);
        String pipeline = promotion.path("pipeline").asText(null);
        String stage = promotion.path("stage").asText(null);
        if (!"PENDING".equals(promotion.path("status").asText()) || pipeline == null || stage == null) {
            return Optional.empty();
        }
        try {
            JsonNode board = console.call(api -> api.board(pipeline));
            return PromotionLine.approvalsOf(board, stage);
        } catch (CliException | IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** Prints the action's answer: its line for {@code table}, the console's answer itself for json/yaml. */
    static void print(PrintWriter out, Format format, JsonNode answer, String line) {
        Output.print(out, format, answer == null ? JSON.createObjectNode() : answer, () -> line + "\n");
    }
}
