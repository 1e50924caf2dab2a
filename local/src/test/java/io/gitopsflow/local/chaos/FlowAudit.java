package io.gitopsflow.local.chaos;

import static io.gitopsflow.local.chaos.JsonApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.jgit.lib.Repository;

/**
 * The end-state check of the fault harness: after the last fault, waits (bounded) until the flow settles — every
 * accepted push has an end state, nothing is queued, writing or measuring, and every console tells the same history —
 * then checks from the GitOps repository, the registry, the dead-letter topics and every service's API that nothing
 * was lost, doubled, dead-lettered or left stuck, and answers an {@link AuditReport}.
 *
 * <pre>{@code
 * AuditReport report = FlowAudit.of(stack).consoleUrls(stack.urls("console")).timeout(Duration.ofMinutes(3))
 *         .run(accepted);
 * System.out.println(report.summary());
 * report.assertClean();
 * }</pre>
 */
public final class FlowAudit {

    private final LocalStack stack;
    private final List<String> consoleUrls;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Instant deadLettersSince;

    private FlowAudit(
            LocalStack stack, List<String> consoleUrls, Duration timeout, Duration pollInterval, Instant since) {
        this.stack = stack;
        this.consoleUrls = List.copyOf(consoleUrls);
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.deadLettersSince = since;
    }

    /** An audit of {@code stack} with its one console, a 3-minute bound, a poll every second, every dead letter. */
    public static FlowAudit of(LocalStack stack) {
        return new FlowAudit(
                stack, List.of(stack.url("console")), Duration.ofMinutes(3), Duration.ofSeconds(1), Instant.EPOCH);
    }

    /** The base URLs of every console instance, whose histories must agree. */
    public FlowAudit consoleUrls(List<String> urls) {
        return new FlowAudit(stack, urls, timeout, pollInterval, deadLettersSince);
    }

    /** How long to wait for the flow to settle before auditing what is there. */
    public FlowAudit timeout(Duration wait) {
        return new FlowAudit(stack, consoleUrls, wait, pollInterval, deadLettersSince);
    }

    public FlowAudit pollInterval(Duration interval) {
        return new FlowAudit(stack, consoleUrls, timeout, interval, deadLettersSince);
    }

    /**
     * Counts only the dead letters written from {@code since} on: the broker is shared by every test of the JVM, and
     * another test may dead-letter records on purpose (default: every dead letter since the broker started).
     */
    public FlowAudit deadLettersSince(Instant since) {
        return new FlowAudit(stack, consoleUrls, timeout, pollInterval, since);
    }

    /** Waits for the flow to settle, then audits it. */
    public AuditReport run(List<AcceptedPush> pushes) {
        long started = System.nanoTime();
        JsonApi api = new JsonApi(stack.users());
        Endpoints endpoints = Endpoints.of(stack, consoleUrls);
        boolean settled = awaitSettled(api, endpoints, pushes);
        Duration settleTime = Duration.ofNanos(System.nanoTime() - started);

        FlowState state = FlowState.read(api, endpoints, commits(pushes));
        List<PushOutcome> outcomes = PushOutcomes.of(pushes, state);
        List<String> notes = new ArrayList<>();
        Map<String, List<String>> doubled = doubles(pushes, state, notes);
        GitopsHistory gitops = gitopsHistory();
        doubled.put("gitops-commit", gitops.doubles());
        List<String> history =
                new ArrayList<>(ConsoleHistory.differences(api, endpoints.consoles(), outcomes, state.firstStage()));
        history.addAll(missingWrites(state, gitops));
        List<DeadLetters.DeadLetter> deadLetters =
                DeadLetters.read(stack.kafka().bootstrapServers(), deadLettersSince);
        return new AuditReport(
                outcomes,
                doubled,
                deadLetters,
                state.moving(),
                history,
                settled,
                settleTime,
                Duration.ofNanos(System.nanoTime() - started),
                notes,
                seen(state, gitops, endpoints));
    }

    private static Map<String, Integer> seen(FlowState state, GitopsHistory gitops, Endpoints endpoints) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        seen.put("builds", state.builds().size());
        seen.put("Freight", state.freight().size());
        seen.put("promotions", state.promotions().size());
        seen.put("analysis runs", state.runs().size());
        seen.put("GitOps commits", gitops.commits().size());
        seen.put("GitOps writes", gitops.writes().size());
        seen.put("consoles", endpoints.consoles().size());
        return seen;
    }

    /** Polls until the flow settled; false when {@link #timeout} passed first. */
    private boolean awaitSettled(JsonApi api, Endpoints endpoints, List<AcceptedPush> pushes) {
        AtomicReference<String> waitingFor = new AtomicReference<>("nothing read yet");
        try {
            Awaitility.await("the flow to settle")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(pollInterval)
                    .ignoreExceptions()
                    .until(() -> {
                        String open = unsettled(api, endpoints, pushes);
                        waitingFor.set(open);
                        return open == null;
                    });
            return true;
        } catch (ConditionTimeoutException e) {
            System.err.printf("flow audit: not settled after %s, waiting for %s%n", timeout, waitingFor.get());
            return false;
        }
    }

    /** What the flow still waits for, or null when it settled. */
    private String unsettled(JsonApi api, Endpoints endpoints, List<AcceptedPush> pushes) {
        FlowState state = FlowState.read(api, endpoints, commits(pushes));
        List<PushOutcome> open = PushOutcomes.of(pushes, state).stream()
                .filter(o -> !o.state().ended())
                .toList();
        if (!open.isEmpty()) {
            return "pushes without an end state: " + open;
        }
        if (!state.moving().isEmpty()) {
            return "still moving: " + state.moving();
        }
        List<String> differences = ConsoleHistory.differences(
                api, endpoints.consoles(), PushOutcomes.of(pushes, state), state.firstStage());
        return differences.isEmpty() ? null : "the consoles: " + differences;
    }

    private Map<String, List<String>> doubles(List<AcceptedPush> pushes, FlowState state, List<String> notes) {
        Map<String, List<String>> doubled = new LinkedHashMap<>();
        doubled.put("build", ServiceDoubles.builds(pushes, state));
        if (stack.imageArchives().isEmpty()) {
            doubled.put(
                    "image", new RegistryImages(stack.registryHost(), LocalStack.APPLICATION).doubles(pushes, state));
        } else {
            notes.add("no registry runs: images not checked");
        }
        doubled.put("freight", ServiceDoubles.freight(state));
        doubled.put("promotion", ServiceDoubles.promotions(state));
        doubled.put("analysis-run", ServiceDoubles.analysisRuns(state));
        return doubled;
    }

    private static List<String> commits(List<AcceptedPush> pushes) {
        return pushes.stream().map(AcceptedPush::commit).toList();
    }

    private GitopsHistory gitopsHistory() {
        try (Repository repository = stack.git().open(LocalStack.GITOPS)) {
            return GitopsHistory.read(repository, "main");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the GitOps repository", e);
        }
    }

    /** The commits promotion-service recorded as written that the GitOps branch does not hold. */
    private static List<String> missingWrites(FlowState state, GitopsHistory gitops) {
        List<String> missing = new ArrayList<>();
        for (JsonNode promotion : state.promotions()) {
            String written = text(promotion, "writtenCommits");
            if (written == null || written.isBlank()) {
                continue;
            }
            for (String commit : written.split(",")) {
                if (!commit.isBlank() && !gitops.commits().contains(commit.trim())) {
                    missing.add("promotion " + text(promotion, "id") + "'s GitOps commit " + commit.trim()
                            + " is not on main");
                }
            }
        }
        return missing;
    }
}
