package io.gitopsflow.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.gitopsflow.cli.get.FreightNames;
import io.gitopsflow.cli.get.Text;
import java.util.Locale;
import java.util.Optional;

/**
 * The one line an action prints from promotion-service's answer, which the console relays unchanged: a promotion view
 * ({@code {"promotion": {...}, "writes": [...], "approvals": [...]}}) for promote, rollback and the decisions, the
 * promotion itself for reverify. For example {@code promotion 1f… of brave-otter to prod: Pending (needs 1 approval
 * from prod-approver)}.
 */
final class PromotionLine {

    /**
     * What a stage requires of reviewers.
     *
     * @param required how many distinct approvers (0: none, so a pending promotion waits for a window)
     * @param role the role an approver must hold, or null
     */
    record Approvals(int required, String role) {}

    private PromotionLine() {}

    /** The promotion in an answer: the view's {@code promotion}, or the answer itself. */
    static JsonNode promotion(JsonNode answer) {
        if (answer == null) {
            return MissingNode.getInstance();
        }
        return answer.has("promotion") ? answer.get("promotion") : answer;
    }

    /**
     * The line: {@code [<done>: ]promotion <id> of <freight> to <stage>: <Phase>[ (<why or what it waits for>)]},
     * then what a rollback or a window override means.
     *
     * @param done what was done first (e.g. "approved"), or null
     * @param freight how to name the Freight (the alias the user typed), or null for the answer's short id
     * @param approvals what the stage requires of reviewers, when known
     */
    static String of(JsonNode answer, String done, String freight, Optional<Approvals> approvals) {
        JsonNode promotion = promotion(answer);
        String status = promotion.path("status").asText("");
        String shown = freight != null
                ? freight
                : FreightNames.shortId(promotion.path("freightId").asText(null));
        StringBuilder line = new StringBuilder();
        if (done != null) {
            line.append(done).append(": ");
        }
        line.append("promotion ")
                .append(promotion.path("id").asText("?"))
                .append(" of ")
                .append(shown == null ? "?" : shown)
                .append(" to ")
                .append(promotion.path("stage").asText("?"))
                .append(": ")
                .append(phase(status));
        String detail = detail(answer, promotion, status, approvals);
        if (detail != null) {
            line.append(" (").append(detail).append(')');
        }
        if (promotion.path("rollback").asBoolean()) {
            line.append("; a rollback: auto-promotion of ")
                    .append(promotion.path("stage").asText("the stage"))
                    .append(" is held until someone releases it");
        }
        if (promotion.path("windowOverride").asBoolean()) {
            line.append("; a promotion window was overridden (recorded)");
        }
        return Text.printable(line.toString());
    }

    /** A phase as the console and the board name it: {@code HEALTH_CHECK} is {@code HealthCheck}. */
    static String phase(String status) {
        StringBuilder phase = new StringBuilder();
        for (String word : status.toLowerCase(Locale.ROOT).split("_")) {
            if (!word.isEmpty()) {
                phase.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return phase.isEmpty() ? "?" : phase.toString();
    }

    private static String detail(JsonNode answer, JsonNode promotion, String status, Optional<Approvals> approvals) {
        return switch (status) {
            case "PENDING" ->
                approvals.map(rules -> waitsFor(rules, approved(answer))).orElse(null);
            case "FAILED", "ABORTED", "REJECTED" ->
                Text.firstLine(promotion.path("reason").asText(null), 200);
            default -> null;
        };
    }

    private static String waitsFor(Approvals rules, int approved) {
        int missing = rules.required() - approved;
        if (rules.required() == 0 || missing <= 0) {
            return "waits for a promotion window to open";
        }
        String from = rules.role() == null ? "" : " from " + rules.role();
        String more = approved > 0 ? " more" : "";
        return "needs " + missing + more + " approval" + (missing == 1 ? "" : "s") + from;
    }

    /** How many reviewers approved, per the view's {@code approvals}. */
    static int approved(JsonNode answer) {
        int approved = 0;
        for (JsonNode approval : answer == null ? MissingNode.getInstance() : answer.path("approvals")) {
            if ("APPROVED".equalsIgnoreCase(approval.path("decision").asText())) {
                approved++;
            }
        }
        return approved;
    }

    /** The stage's approval rules from the pipeline's board; empty when the board does not list the stage. */
    static Optional<Approvals> approvalsOf(JsonNode board, String stage) {
        for (JsonNode node : board.path("stages")) {
            if (stage.equals(node.path("name").asText())) {
                return Optional.of(new Approvals(
                        node.path("requiredApprovals").asInt(),
                        node.path("approverRole").asText(null)));
            }
        }
        return Optional.empty();
    }
}
