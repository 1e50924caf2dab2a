package io.gitopsflow.local.chaos;

import io.gitopsflow.local.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * When which fault happens. {@link #covering} is the test's: every kind of fault once and every service killed once
 * (which of its instances, the order and the moments drawn from a fixed seed, so a failure can be replayed);
 * {@link #random} is the benchmark's: faults drawn for as long as the run lasts.
 */
final class ChaosSchedule {

    private static final List<Fault.Kind> OUTAGES =
            List.of(Fault.Kind.BROKER, Fault.Kind.POSTGRES, Fault.Kind.GIT, Fault.Kind.REGISTRY, Fault.Kind.GIT_DELAY);

    private ChaosSchedule() {}

    /**
     * Every outage once and one instance of every service killed, shuffled by {@code seed}, spread evenly over
     * {@code span} from {@code first} on.
     */
    static List<Fault> covering(long seed, int replicas, Duration first, Duration span) {
        Random random = new Random(seed);
        List<Fault> shuffled = new ArrayList<>();
        for (String service : LocalStack.SERVICES.keySet()) {
            shuffled.add(kill(random, service, replicas, Duration.ZERO));
        }
        for (Fault.Kind kind : OUTAGES) {
            shuffled.add(outage(random, kind, Duration.ZERO));
        }
        Collections.shuffle(shuffled, random);
        List<Fault> schedule = new ArrayList<>();
        Duration gap = span.dividedBy(shuffled.size());
        for (int i = 0; i < shuffled.size(); i++) {
            Fault fault = shuffled.get(i);
            schedule.add(new Fault(first.plus(gap.multipliedBy(i)), fault.kind(), fault.target(), fault.length()));
        }
        return schedule;
    }

    /**
     * Faults one after another until {@code span} is over, {@code gap} to 3 × {@code gap} apart: half of them kills
     * of a random instance, the rest outages of a random component.
     */
    static List<Fault> random(long seed, int replicas, Duration gap, Duration span) {
        Random random = new Random(seed);
        List<String> services = List.copyOf(LocalStack.SERVICES.keySet());
        List<Fault> schedule = new ArrayList<>();
        Duration at = gap;
        while (at.compareTo(span) < 0) {
            schedule.add(
                    random.nextBoolean()
                            ? kill(random, services.get(random.nextInt(services.size())), replicas, at)
                            : outage(random, OUTAGES.get(random.nextInt(OUTAGES.size())), at));
            at = at.plus(gap.plusMillis(random.nextInt((int) gap.toMillis() * 2)));
        }
        return schedule;
    }

    /** A kill of one of {@code service}'s instances, dead for 0 to 3 s before it is started again. */
    private static Fault kill(Random random, String service, int replicas, Duration at) {
        return new Fault(
                at, Fault.Kind.KILL, service + "-" + random.nextInt(replicas), Duration.ofMillis(random.nextInt(3000)));
    }

    /** An outage of 2 to 8 s (a slow Git host: 5 to 10 s of 0.5 to 1 s per request). */
    private static Fault outage(Random random, Fault.Kind kind, Duration at) {
        Duration length = kind == Fault.Kind.GIT_DELAY
                ? Duration.ofMillis(5000 + random.nextInt(5000))
                : Duration.ofMillis(2000 + random.nextInt(6000));
        return new Fault(at, kind, kind.name().toLowerCase(java.util.Locale.ROOT), length);
    }
}
