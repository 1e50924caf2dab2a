package io.gitopsflow.local.chaos;

import io.gitopsflow.local.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One chaos run on a running stack: developers push ({@link PushLoad}) while the {@link FaultInjector} does the
 * schedule's faults at their moments; the run ends when the last push was delivered and the last fault is over, and
 * every killed instance was started again. What the flow made of the pushes is then the audit's to judge.
 */
final class ChaosRun {

    /** What was done to the stack: the pushes accepted and refused, the redeliveries they took, the faults by kind. */
    record Outcome(
            List<PushLoad.Accepted> accepted,
            List<String> refused,
            int redeliveries,
            Map<Fault.Kind, Integer> faults,
            Duration took) {

        int faultCount() {
            return faults.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private ChaosRun() {}

    /**
     * The audit of what the flow made of the accepted pushes, read from every service's API (every console instance),
     * the GitOps repository, the registry and the dead-letter topics, once the flow settled (at most {@code settle}).
     */
    static AuditReport audit(LocalStack stack, Outcome outcome, Duration settle, PrintStream out) {
        List<AcceptedPush> pushes = outcome.accepted().stream()
                .map(accepted -> new AcceptedPush("main", accepted.commit(), accepted.acceptedAt()))
                .toList();
        AuditReport report = FlowAudit.of(stack)
                .consoleUrls(stack.urls("console"))
                .timeout(settle)
                .run(pushes);
        out.printf("audit: %s%n", report.summary());
        report.outcomes().stream()
                .filter(o -> o.state() != PushOutcome.State.VERIFIED)
                .forEach(o -> out.printf("  %s %s: %s%n", o.state(), o.push().commit(), o.detail()));
        return report;
    }

    /** Pushes {@code pushes} commits {@code interval} apart while {@code schedule} happens; answers what was done. */
    static Outcome run(LocalStack stack, List<Fault> schedule, int pushes, Duration interval, PrintStream out)
            throws Exception {
        long started = System.nanoTime();
        try (FaultInjector faults = new FaultInjector(stack, out, started);
                PushLoad load = PushLoad.start(stack, interval, pushes, out)) {
            for (Fault fault : schedule) {
                FaultInjector.pause(fault.at().minusNanos(System.nanoTime() - started));
                faults.inject(fault);
            }
            load.awaitDone(interval.multipliedBy(pushes).plusMinutes(5));
            faults.awaitRestarts(Duration.ofMinutes(3));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            out.printf(
                    "%7.1f s pushes accepted %d, refused %d, redeliveries %d; faults %s%n",
                    took.toMillis() / 1000.0,
                    load.accepted().size(),
                    load.refused().size(),
                    load.redeliveries(),
                    faults.done());
            return new Outcome(load.accepted(), load.refused(), load.redeliveries(), faults.done(), took);
        }
    }
}
