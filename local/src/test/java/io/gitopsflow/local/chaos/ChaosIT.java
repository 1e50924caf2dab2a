package io.gitopsflow.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gitopsflow.local.LocalStack;
import io.gitopsflow.testkit.OciRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole flow with two of every service, under a fixed, seeded schedule of faults while twenty pushes flow: every
 * service loses one instance to {@code kill -9} (started again after up to 3 s), the broker is killed and started
 * again, PostgreSQL stops and starts, the Git host and the registry go away for a few seconds, and the Git host is
 * slow for a while. Afterwards no push may be lost, nothing done twice, no dead letter written and no promotion stuck.
 */
class ChaosIT {

    /** The schedule's seed: change it to explore, keep it to replay. */
    private static final long SEED = 23;

    private static final int PUSHES = 20;
    private static final Duration INTERVAL = Duration.ofSeconds(3);

    @Test
    void twentyPushesThroughTwoOfEveryServiceUnderFaultsAreNeitherLostNorDoubled() throws Exception {
        assumeTrue(OciRegistry.available(), "builds push to Debian's docker-registry: apt-get install docker-registry");
        Path root = Path.of(System.getProperty("gitopsflow.root", "..")).toAbsolutePath();
        try (LocalStack stack = LocalStack.startIsolated(root, 2, System.out)) {
            List<Fault> schedule = ChaosSchedule.covering(
                    SEED, stack.replicas(), Duration.ofSeconds(4), INTERVAL.multipliedBy(PUSHES));
            schedule.forEach(fault -> System.out.printf("scheduled: %s%n", fault));

            ChaosRun.Outcome outcome = ChaosRun.run(stack, schedule, PUSHES, INTERVAL, System.out);

            assertThat(outcome.refused()).as("pushes no gateway accepted").isEmpty();
            assertThat(outcome.accepted()).hasSize(PUSHES);
            assertThat(outcome.faults().keySet()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Fault.Kind.class));
            assertThat(outcome.faults().get(Fault.Kind.KILL)).isEqualTo(LocalStack.SERVICES.size());

            // nothing lost, nothing doubled, no dead letter, nothing stuck, and every console tells the same history
            ChaosRun.audit(stack, outcome, Duration.ofMinutes(3), System.out).assertClean();
        }
    }
}
