package io.gitopsflow.local.chaos;

import io.gitopsflow.local.chaos.PushOutcome.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link FlowAudit} found once the flow settled (or its time ran out): each accepted push's end state, and
 * every double, dead letter, stuck item and history difference by id, so a failing chaos run names what to look at.
 *
 * @param outcomes each accepted push's end state, in the order given; {@link State#OPEN} ones are lost
 * @param doubledByKind by kind ({@link #KINDS}), one line per double naming its ids
 * @param deadLetters the records on the dead-letter topics, with their reasons
 * @param stuckItems builds, promotions and analysis runs still between start and end once settled
 * @param historyDifferences where the console instances disagree or miss what the services recorded, and written
 *     GitOps commits missing from the branch
 * @param settled whether the flow settled before the audit's timeout
 * @param settleTime from the audit's start until the flow settled (or the timeout)
 * @param auditTime the whole audit, settling included
 * @param notes what the audit could not check, and why
 * @param seen how many of each thing the audit read (builds, Freight, promotions, analysis runs, GitOps writes, …),
 *     so a clean report shows it looked at something
 */
public record AuditReport(
        List<PushOutcome> outcomes,
        Map<String, List<String>> doubledByKind,
        List<DeadLetters.DeadLetter> deadLetters,
        List<String> stuckItems,
        List<String> historyDifferences,
        boolean settled,
        Duration settleTime,
        Duration auditTime,
        List<String> notes,
        Map<String, Integer> seen) {

    /** The kinds of double, in the flow's order. */
    public static final List<String> KINDS =
            List.of("build", "image", "freight", "promotion", "gitops-commit", "analysis-run");

    public AuditReport {
        outcomes = List.copyOf(outcomes);
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        for (String kind : KINDS) {
            ordered.put(kind, List.copyOf(doubledByKind.getOrDefault(kind, List.of())));
        }
        doubledByKind = java.util.Collections.unmodifiableMap(ordered);
        deadLetters = List.copyOf(deadLetters);
        stuckItems = List.copyOf(stuckItems);
        historyDifferences = List.copyOf(historyDifferences);
        notes = List.copyOf(notes);
        seen = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seen));
    }

    /** The accepted pushes with no end state. */
    public List<PushOutcome> lostPushes() {
        return outcomes.stream().filter(o -> o.state() == State.OPEN).toList();
    }

    public int lost() {
        return lostPushes().size();
    }

    /** Doubles of every kind together. */
    public int doubled() {
        return doubledByKind.values().stream().mapToInt(List::size).sum();
    }

    /** The number of doubles of each kind. */
    public Map<String, Integer> doubledCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        doubledByKind.forEach((kind, found) -> counts.put(kind, found.size()));
        return counts;
    }

    public int dlq() {
        return deadLetters.size();
    }

    public int stuck() {
        return stuckItems.size();
    }

    /** How many pushes reached {@code state}. */
    public long count(State state) {
        return outcomes.stream().filter(o -> o.state() == state).count();
    }

    public boolean clean() {
        return lost() == 0 && doubled() == 0 && dlq() == 0 && stuck() == 0 && historyDifferences.isEmpty();
    }

    /** The figures on one line, e.g. for a benchmark's output. */
    public String summary() {
        String doubles = doubledCounts().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return String.format(
                "pushes %d: verified %d, superseded %d, failed %d, lost %d | doubled %d (%s) | dlq %d | stuck %d"
                        + " | history differences %d | %s in %.1f s, audit %.1f s | read %s",
                outcomes.size(),
                count(State.VERIFIED),
                count(State.SUPERSEDED),
                count(State.FAILED),
                lost(),
                doubled(),
                doubles,
                dlq(),
                stuck(),
                historyDifferences.size(),
                settled ? "settled" : "NOT settled",
                settleTime.toMillis() / 1000.0,
                auditTime.toMillis() / 1000.0,
                seen.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
    }

    /** Throws an {@link AssertionError} naming every check that failed and its ids. */
    public void assertClean() {
        if (clean()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        if (lost() > 0) {
            failures.add("lost " + lost() + ": " + lostPushes());
        }
        doubledByKind.forEach((kind, found) -> {
            if (!found.isEmpty()) {
                failures.add("doubled " + kind + " " + found.size() + ": " + found);
            }
        });
        if (dlq() > 0) {
            failures.add("dead letters " + dlq() + ": " + deadLetters);
        }
        if (stuck() > 0) {
            failures.add("stuck " + stuck() + ": " + stuckItems);
        }
        if (!historyDifferences.isEmpty()) {
            failures.add("history differs " + historyDifferences.size() + ": " + historyDifferences);
        }
        throw new AssertionError("the flow audit failed: " + summary() + "\n  " + String.join("\n  ", failures));
    }
}
