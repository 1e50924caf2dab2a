package io.gitopsflow.local.chaos;

import io.gitopsflow.local.LocalStack;
import io.gitopsflow.testkit.bench.RunConditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The fault harness for as long as asked (issue 23): two of every service, a push every {@code push-seconds}, and
 * random faults (kills of random instances, broker, PostgreSQL, Git host and registry outages, a slow Git host)
 * {@code gap-seconds} to three times that apart; then the audit of what the flow made of the pushes. Prints the
 * pushes, the faults of each kind, and the lost and doubled counts.
 *
 * <p>Run: {@code ./mvnw -B install -DskipTests}, then {@code cd local && ../mvnw -B -q exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.local.chaos.ChaosBenchmark -Dexec.args="30 5 15 <seed>"}
 * (minutes, seconds between pushes, seconds between faults at least, seed — random when left out).
 */
public final class ChaosBenchmark {

    private ChaosBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        Duration span = Duration.ofMinutes(args.length > 0 ? Long.parseLong(args[0]) : 30);
        Duration interval = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        Duration gap = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 15);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime();
        int pushes = (int) (span.toMillis() / interval.toMillis());
        Path root = Path.of(System.getProperty("gitopsflow.root", "..")).toAbsolutePath();
        System.out.printf(
                Locale.ROOT,
                "chaos for %d min: %d pushes %d s apart, faults at least %d s apart, seed %d; %d cores%n",
                span.toMinutes(),
                pushes,
                interval.toSeconds(),
                gap.toSeconds(),
                seed,
                Runtime.getRuntime().availableProcessors());
        int exit = 1;
        try (LocalStack stack = LocalStack.startIsolated(root, 2, System.out)) {
            List<Fault> schedule = ChaosSchedule.random(seed, stack.replicas(), gap, span);
            ChaosRun.Outcome outcome = ChaosRun.run(stack, schedule, pushes, interval, System.out);
            System.out.printf(
                    Locale.ROOT,
                    "%nchaos run of %.1f min, seed %d: pushes %d accepted (%d webhook redeliveries), %d refused;"
                            + " faults %d %s%n",
                    outcome.took().toMillis() / 60_000.0,
                    seed,
                    outcome.accepted().size(),
                    outcome.redeliveries(),
                    outcome.refused().size(),
                    outcome.faultCount(),
                    outcome.faults());
            AuditReport report = ChaosRun.audit(stack, outcome, Duration.ofMinutes(5), System.out);
            System.out.printf(
                    Locale.ROOT,
                    "lost %d, doubled %d %s, dead letters %d, stuck %d, history differences %d%n",
                    report.lost(),
                    report.doubled(),
                    report.doubledCounts(),
                    report.dlq(),
                    report.stuck(),
                    report.historyDifferences().size());
            exit = outcome.refused().isEmpty() && report.clean() ? 0 : 1;
        }
        System.out.print(conditions.describe());
        System.exit(exit);
    }
}
