package io.gitopsflow.cli.watch;

import static io.gitopsflow.cli.watch.BoardView.ages;
import static io.gitopsflow.cli.watch.BoardView.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.output.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One stage of the board as a few lines: its title (upstream, auto or manual, approvals and role, soak, hold), the
 * Freight running there (alias, image tags, short commit), its latest promotion's phase and age, the verification of
 * what runs, its gates (health, analysis, windows) and each promotion waiting for reviewers with n/required, the role
 * and the command that approves it (only for an id that can be typed as it is) — what the local run's live view told, for any pipeline.
 */
final class StageBlock {

    private static final Set<String> GOOD = Set.of("Succeeded", "Successful");
    private static final Set<String> BAD = Set.of("Failed", "Error", "Aborted", "Rejected");
    private static final Set<String> UNDECIDED = Set.of("Inconclusive");
    // a promotion id the approve command can be given as it is (the console's are UUIDs)
    private static final Pattern PROMOTION_ID = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9]{0,63}");

    private StageBlock() {}

    static List<String> lines(JsonNode stage, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(title(stage, now));
        JsonNode current = stage.path("current");
        lines.add("  running   "
                + (current.isObject()
                        ? freight(current.path("freight")) + ages("  since ", current, "since", now)
                        : "nothing yet"));
        JsonNode latest = stage.path("latestPromotion");
        if (latest.isObject()) {
            lines.add("  latest    " + promotion(latest, now));
        }
        JsonNode verification = stage.path("verification");
        if (verification.isObject()) {
            lines.add("  verified  " + mark(text(verification, "phase")) + ages(" ", verification, "completedAt", now)
                    + optional(" — ", verification, "message"));
        }
        String gates = gates(stage);
        if (!gates.isEmpty()) {
            lines.add("  gates     " + gates);
        }
        for (JsonNode window : stage.path("windows")) {
            lines.add("  window    " + window(window));
        }
        for (JsonNode pending : stage.path("pendingApprovals")) {
            lines.add("  approval  " + approval(pending, stage, now));
            String id = Fields.text(pending.path("promotion"), "id");
            if (!pending.path("rejected").asBoolean()
                    && id != null
                    && PROMOTION_ID.matcher(id).matches()) {
                lines.add("            gitops-flow approve " + id);
            }
        }
        return lines;
    }

    private static String title(JsonNode stage, Instant now) {
        StringBuilder title = new StringBuilder(text(stage, "name"));
        List<String> upstream = new ArrayList<>();
        stage.path("upstream").forEach(name -> upstream.add(Printable.of(name.asText())));
        title.append(
                stage.path("fromWarehouse").asBoolean() || upstream.isEmpty()
                        ? " ← warehouse"
                        : " ← " + String.join(", ", upstream));
        if (!stage.path("declared").asBoolean(true)) {
            title.append(" · not declared");
        } else {
            title.append(stage.path("autoPromotion").asBoolean() ? " · auto" : " · manual");
        }
        int required = stage.path("requiredApprovals").asInt();
        if (required > 0) {
            title.append(" · ")
                    .append(required)
                    .append(required == 1 ? " approval" : " approvals")
                    .append(optional(" (role ", stage, "approverRole"))
                    .append(stage.hasNonNull("approverRole") ? ")" : "");
        }
        long soak = stage.path("soakSeconds").asLong();
        if (soak > 0) {
            title.append(" · soak ").append(Fields.short_(Duration.ofSeconds(soak)));
        }
        JsonNode hold = stage.path("hold");
        if (hold.path("held").asBoolean()) {
            title.append(" · HELD")
                    .append(optional(" by ", hold, "by"))
                    .append(ages(" ", hold, "since", now))
                    .append(optional(": ", hold, "reason"));
        }
        return title.toString();
    }

    /**
     * A Freight as {@code alias  tags  commit}: its alias (else its id's start), image tags, chart versions and Git
     * commits, short commit.
     */
    static String freight(JsonNode freight) {
        String alias = Fields.text(freight, "alias");
        StringBuilder line =
                new StringBuilder(alias == null ? shortId(Fields.text(freight, "id")) : Printable.of(alias));
        List<String> tags = new ArrayList<>();
        for (JsonNode image : freight.path("images")) {
            String tag = Fields.text(image, "tag");
            tags.add(Printable.of(tag != null ? tag : shortDigest(Fields.text(image, "digest"))));
        }
        for (JsonNode chart : freight.path("charts")) {
            String repository = Fields.text(chart, "repository");
            String name = repository == null ? "?" : repository.substring(repository.lastIndexOf('/') + 1);
            tags.add(Printable.of(name + " " + Fields.text(chart, "version")));
        }
        for (JsonNode commit : freight.path("commits")) {
            tags.add(shortCommit(Fields.text(commit, "id")));
        }
        if (!tags.isEmpty()) {
            line.append("  ").append(String.join(", ", tags));
        }
        String commit = Fields.text(freight, "commit");
        if (commit != null) {
            line.append("  ").append(shortCommit(commit));
        }
        return line.toString();
    }

    private static String promotion(JsonNode promotion, Instant now) {
        String alias = Fields.text(promotion, "freightAlias");
        String commit = Fields.text(promotion, "commit");
        return mark(text(promotion, "phase")) + ages(" ", promotion, "since", now) + "  "
                + (alias == null ? shortId(Fields.text(promotion, "freightId")) : Printable.of(alias))
                + (commit == null ? "" : "  " + shortCommit(commit))
                + optional("  by ", promotion, "createdBy")
                + (promotion.path("rollback").asBoolean() ? "  (rollback)" : "")
                + optional(" — ", promotion, "reason");
    }

    private static String gates(JsonNode stage) {
        List<String> gates = new ArrayList<>();
        JsonNode health = stage.path("healthGate");
        if (health.isObject()) {
            long timeout = health.path("timeoutSeconds").asLong();
            gates.add("health " + text(health, "namespace") + "/" + text(health, "name")
                    + (timeout > 0 ? " (" + Fields.short_(Duration.ofSeconds(timeout)) + ")" : ""));
        }
        List<String> templates = new ArrayList<>();
        stage.path("analysisTemplates").forEach(name -> templates.add(Printable.of(name.asText())));
        if (!templates.isEmpty()) {
            gates.add("analysis " + String.join(", ", templates));
        }
        return String.join(" · ", gates);
    }

    private static String window(JsonNode window) {
        long duration = window.path("durationSeconds").asLong();
        return text(window, "kind") + " \"" + text(window, "schedule") + "\""
                + (duration > 0 ? " for " + Fields.short_(Duration.ofSeconds(duration)) : "")
                + optional(" (", window, "timeZone")
                + (window.hasNonNull("timeZone") ? ")" : "");
    }

    private static String approval(JsonNode pending, JsonNode stage, Instant now) {
        JsonNode promotion = pending.path("promotion");
        List<String> approvers = new ArrayList<>();
        pending.path("approvedBy").forEach(decision -> approvers.add(text(decision, "actor")));
        String required = pending.hasNonNull("requiredApprovals")
                ? pending.get("requiredApprovals").asText()
                : stage.path("requiredApprovals").asInt() > 0
                        ? stage.path("requiredApprovals").asText()
                        : "?";
        String alias = Fields.text(promotion, "freightAlias");
        StringBuilder line =
                new StringBuilder(alias == null ? shortId(Fields.text(promotion, "freightId")) : Printable.of(alias));
        line.append("  ").append(approvers.size()).append('/').append(required).append(" approved");
        if (stage.hasNonNull("approverRole")) {
            line.append(" (role ").append(text(stage, "approverRole")).append(')');
        }
        if (!approvers.isEmpty()) {
            line.append(" by ").append(String.join(", ", approvers));
        }
        line.append(ages(", waiting ", promotion, "createdAt", now).replace(" ago", ""));
        if (pending.path("rejected").asBoolean()) {
            List<String> rejections = new ArrayList<>();
            pending.path("rejectedBy")
                    .forEach(decision -> rejections.add(text(decision, "actor") + optional(": ", decision, "reason")));
            line.append(" · REJECTED by ").append(String.join("; ", rejections));
        }
        return line.toString();
    }

    /** A phase or verdict with a mark a person sees at a glance: ✓ done, ✗ failed, ? undecided, … under way. */
    private static String mark(String phase) {
        if (GOOD.contains(phase)) {
            return "✓ " + phase;
        }
        if (BAD.contains(phase)) {
            return "✗ " + phase;
        }
        if (UNDECIDED.contains(phase)) {
            return "? " + phase;
        }
        return "… " + phase;
    }

    private static String optional(String prefix, JsonNode node, String field) {
        String value = Fields.text(node, field);
        return value == null || value.isBlank() ? "" : prefix + Printable.of(value);
    }

    private static String shortCommit(String commit) {
        String safe = Printable.of(commit);
        return Printable.first(safe, 7);
    }

    private static String shortId(String id) {
        if (id == null) {
            return "-";
        }
        String safe = Printable.of(id);
        return Printable.first(safe, 12);
    }

    private static String shortDigest(String digest) {
        if (digest == null) {
            return "-";
        }
        String safe = Printable.of(digest);
        return Printable.first(safe, 19);
    }
}
