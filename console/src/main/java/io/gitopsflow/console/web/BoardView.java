package io.gitopsflow.console.web;

import io.gitopsflow.console.api.Board;
import io.gitopsflow.console.api.CommitHeader;
import io.gitopsflow.console.api.FreightSummary;
import io.gitopsflow.console.api.PendingApproval;
import io.gitopsflow.console.api.PromotionSummary;
import io.gitopsflow.console.api.StageBoard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A board as the page draws it: the stages in columns by their distance from the Warehouse (each stage one column
 * right of its furthest upstream stage, so a fan-out is several cards in one column), and in each card what the
 * read model says plus what follows from it now — the windows evaluated, the soak left, and which actions the user's
 * roles allow (promotion-service checks the roles again).
 *
 * @param board the board
 * @param newestCommit the commit of the Warehouse's newest Freight, or null when the read model has no push of it
 * @param columns the stages, column by column
 * @param at the instant the windows and soak were evaluated at
 */
public record BoardView(Board board, CommitHeader newestCommit, List<List<Card>> columns, Instant at) {

    private static final Set<String> ENDED = Set.of("Succeeded", "Failed", "Aborted", "Rejected");

    /**
     * One stage's card.
     *
     * @param stage the stage
     * @param commit the commit of its current Freight, or null when not known
     * @param windows its promotion windows now
     * @param soak the soak of the Freight verified upstream that it has not got yet, or null
     * @param reviews its promotions waiting for reviewers
     * @param latestActive whether its latest promotion is still running (may be aborted)
     * @param mayAbort whether the user's roles allow aborting
     * @param mayReverify whether the user may verify its current Freight again
     */
    public record Card(
            StageBoard stage,
            CommitHeader commit,
            PromotionWindows.Verdict windows,
            Soak soak,
            List<Review> reviews,
            boolean latestActive,
            boolean mayAbort,
            boolean mayReverify) {

        /** The current Freight's commit, shortened to 7 characters; null when none. */
        public String shortCommit() {
            return stage.current() == null
                    ? null
                    : BoardView.shortSha(stage.current().freight().commit());
        }

        /** The first line of the current commit's message; null when not known. */
        public String subject() {
            return commit == null ? null : BoardView.subject(commit.message());
        }

        /** How long Freight must soak after its verification upstream, in words. */
        public String soakRequirement() {
            return seconds(stage.soakSeconds());
        }

        /** Whether the latest promotion is not one of the reviews (which carry their own buttons). */
        public boolean latestApart() {
            PromotionSummary latest = stage.latestPromotion();
            return latest != null
                    && reviews.stream()
                            .noneMatch(r -> r.approval().promotion().id().equals(latest.id()));
        }
    }

    /**
     * A Freight verified upstream, soaking before this stage may take it.
     *
     * @param freight its alias (else id)
     * @param upstream the stage it was verified in
     * @param availableAt when the soak ends
     * @param left what is left of it, e.g. {@code 4m 10s}; null when it is over
     */
    public record Soak(String freight, String upstream, Instant availableAt, String left) {}

    /**
     * A promotion waiting for reviewers.
     *
     * @param approval its approvals so far
     * @param required how many approvals the stage requires, or null when not known
     * @param missing how many approvals it still needs
     * @param mayReview whether the user may approve or reject it
     * @param mayStill who may still approve it, in words
     */
    public record Review(PendingApproval approval, Integer required, int missing, boolean mayReview, String mayStill) {}

    /** The newest Freight's commit, shortened; null when none. */
    public String newestShortCommit() {
        FreightSummary newest = board.warehouse().newestFreight();
        return newest == null ? null : shortSha(newest.commit());
    }

    /** The first line of the newest Freight's commit message; null when not known. */
    public String newestSubject() {
        return newestCommit == null ? null : subject(newestCommit.message());
    }

    static String shortSha(String sha) {
        return sha == null ? null : sha.substring(0, Math.min(7, sha.length()));
    }

    static String subject(String message) {
        if (message == null) {
            return null;
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    /** The view of {@code board} for {@code user} at {@code now}. */
    public static BoardView of(
            Board board, Map<String, CommitHeader> commits, WebUser user, String promoterRole, Instant now) {
        Map<String, StageBoard> byName = new HashMap<>();
        board.stages().forEach(stage -> byName.put(stage.name(), stage));
        Map<String, Integer> depths = new HashMap<>();
        TreeMap<Integer, List<Card>> columns = new TreeMap<>();
        boolean promoter = user.holds(promoterRole);
        for (StageBoard stage : board.stages()) {
            int depth = depth(stage, byName, depths, new HashSet<>());
            columns.computeIfAbsent(depth, d -> new ArrayList<>())
                    .add(card(stage, byName, commits, user, promoter, now));
        }
        FreightSummary newest = board.warehouse().newestFreight();
        CommitHeader newestCommit = newest == null || newest.commit() == null ? null : commits.get(newest.commit());
        return new BoardView(board, newestCommit, List.copyOf(columns.values()), now);
    }

    /** The commits a board shows: its newest Freight's and each stage's current Freight's. */
    public static Set<String> commitsOf(Board board) {
        Set<String> commits = new LinkedHashSet<>();
        FreightSummary newest = board.warehouse().newestFreight();
        if (newest != null && newest.commit() != null) {
            commits.add(newest.commit());
        }
        for (StageBoard stage : board.stages()) {
            if (stage.current() != null && stage.current().freight().commit() != null) {
                commits.add(stage.current().freight().commit());
            }
        }
        return commits;
    }

    /** A stage's column: 0 when it takes Freight from the Warehouse, else one right of its furthest upstream stage. */
    private static int depth(
            StageBoard stage, Map<String, StageBoard> byName, Map<String, Integer> depths, Set<String> visiting) {
        Integer known = depths.get(stage.name());
        if (known != null) {
            return known;
        }
        int depth = 0;
        // a cycle or an upstream stage the board does not have counts as the Warehouse: the page still draws
        if (visiting.add(stage.name())) {
            for (String upstream : stage.upstream()) {
                StageBoard parent = byName.get(upstream);
                if (parent != null && !visiting.contains(upstream)) {
                    depth = Math.max(depth, depth(parent, byName, depths, visiting) + 1);
                }
            }
            visiting.remove(stage.name());
        }
        depths.put(stage.name(), depth);
        return depth;
    }

    private static Card card(
            StageBoard stage,
            Map<String, StageBoard> byName,
            Map<String, CommitHeader> commits,
            WebUser user,
            boolean promoter,
            Instant now) {
        String commit =
                stage.current() == null ? null : stage.current().freight().commit();
        PromotionSummary latest = stage.latestPromotion();
        boolean latestActive = latest != null && !ENDED.contains(latest.phase());
        List<Review> reviews = stage.pendingApprovals().stream()
                .map(pending -> review(stage, pending, user))
                .toList();
        return new Card(
                stage,
                commit == null ? null : commits.get(commit),
                PromotionWindows.at(stage.windows(), now),
                soak(stage, byName, now),
                reviews,
                latestActive,
                promoter,
                promoter
                        && stage.current() != null
                        && !stage.analysisTemplates().isEmpty());
    }

    private static Review review(StageBoard stage, PendingApproval pending, WebUser user) {
        Integer required = pending.requiredApprovals();
        int missing = required == null
                ? 0
                : Math.max(0, required - pending.approvedBy().size());
        String requester = pending.promotion().createdBy();
        boolean decided = pending.approvedBy().stream().anyMatch(d -> d.actor().equals(user.name()))
                || pending.rejectedBy().stream().anyMatch(d -> d.actor().equals(user.name()));
        boolean mayReview = stage.approverRole() != null
                && user.holds(stage.approverRole())
                && !user.name().equals(requester)
                && !decided
                && !pending.rejected();
        String role = stage.approverRole() == null ? "the stage's approver role" : "role " + stage.approverRole();
        String mayStill = pending.rejected()
                ? "nobody: it was rejected"
                : "any holder of " + role + " who has not decided yet"
                        + (requester == null ? "" : ", except its requester " + requester);
        return new Review(pending, required, missing, mayReview, mayStill);
    }

    /**
     * The soak of the Freight an upstream stage runs and has verified, if this stage does not run it yet: verified
     * when its verification of that promotion was Successful, or when it succeeded in a stage that verifies nothing.
     */
    private static Soak soak(StageBoard stage, Map<String, StageBoard> byName, Instant now) {
        if (stage.soakSeconds() <= 0) {
            return null;
        }
        String here = stage.current() == null ? null : stage.current().freight().id();
        for (String name : stage.upstream()) {
            StageBoard upstream = byName.get(name);
            if (upstream == null || upstream.current() == null) {
                continue;
            }
            FreightSummary freight = upstream.current().freight();
            Instant verifiedAt = verifiedAt(upstream);
            if (verifiedAt == null || freight.id().equals(here)) {
                continue;
            }
            Instant availableAt = verifiedAt.plusSeconds(stage.soakSeconds());
            String label = freight.alias() != null ? freight.alias() : freight.id();
            String left = now.isBefore(availableAt) ? duration(Duration.between(now, availableAt)) : null;
            return new Soak(label, name, availableAt, left);
        }
        return null;
    }

    private static Instant verifiedAt(StageBoard upstream) {
        StageBoard.Verification verification = upstream.verification();
        if (verification != null
                && "Successful".equals(verification.phase())
                && upstream.current().promotionId().equals(verification.promotionId())) {
            return verification.completedAt();
        }
        return upstream.analysisTemplates().isEmpty() ? upstream.current().since() : null;
    }

    /** A duration in words a person reads at a glance: {@code 2h 5m}, {@code 4m 10s}, {@code 30s}. */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds >= 86_400) {
            return seconds / 86_400 + "d " + (seconds % 86_400) / 3600 + "h";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + "h " + (seconds % 3600) / 60 + "m";
        }
        if (seconds >= 60) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds + "s";
    }

    /** {@link #duration(Duration)} of a number of seconds (for the template). */
    public static String seconds(long seconds) {
        return duration(Duration.ofSeconds(seconds));
    }
}
