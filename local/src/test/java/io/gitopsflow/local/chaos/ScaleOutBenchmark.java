package io.gitopsflow.local.chaos;

import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.local.EventFeed;
import io.gitopsflow.local.LocalStack;
import io.gitopsflow.local.bench.LocalStackBenchmark;
import io.gitopsflow.testkit.bench.RunConditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The same push load through one and then two instances of every service (issue 23): {@code N} pushes
 * {@code interval} apart, each a real build pushed to the registry, and for each push the time from its webhook's
 * acceptance to its {@code image-published} and to dev's {@code manifest-updated} (a push superseded by a newer one
 * before dev was written has no dev time). On two cores this shows what a second instance costs and that it changes
 * nothing in the outcome, not a speed-up: both instances share the same two cores.
 *
 * <p>Run: {@code ./mvnw -B install -DskipTests}, then {@code cd local && ../mvnw -B -q exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.local.chaos.ScaleOutBenchmark -Dexec.args="20 3"}
 * (pushes, seconds between them).
 */
public final class ScaleOutBenchmark {

    private static final Duration SETTLE = Duration.ofMinutes(3);

    private ScaleOutBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        int pushes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Duration interval = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 3);
        Path root = Path.of(System.getProperty("gitopsflow.root", "..")).toAbsolutePath();
        List<String> rows = new ArrayList<>();
        for (int replicas : new int[] {1, 2}) {
            rows.add(measure(root, replicas, pushes, interval));
        }
        System.out.printf(
                "%n%d pushes %d s apart, %d cores (%s)%n%-9s %-9s %-28s %-28s %s%n",
                pushes,
                interval.toSeconds(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                "instances",
                "accepted",
                "image-published p50/p90/max",
                "dev written p50/p90/max (n)",
                "services' RSS MiB");
        rows.forEach(System.out::println);
        System.out.print(conditions.describe());
        System.exit(0);
    }

    private static String measure(Path root, int replicas, int pushes, Duration interval) throws Exception {
        try (LocalStack stack = LocalStack.startIsolated(root, replicas, System.out);
                EventFeed feed = EventFeed.start(stack.kafka().bootstrapServers())) {
            ChaosRun.Outcome outcome = ChaosRun.run(stack, List.of(), pushes, interval, System.out);
            String last = outcome.accepted().get(outcome.accepted().size() - 1).commit();
            feed.await(
                    ManifestUpdated.class,
                    m -> "dev".equals(m.stage())
                            && m.newValue() != null
                            && m.newValue().startsWith("main-" + last.substring(0, 7) + "-"),
                    SETTLE);
            List<Long> built = new ArrayList<>();
            List<Long> written = new ArrayList<>();
            for (PushLoad.Accepted push : outcome.accepted()) {
                String sha = push.commit();
                EventFeed.Received image = feed.await(
                        ImagePublished.class,
                        p -> p.source() != null && sha.equals(p.source().commit()),
                        SETTLE);
                built.add(
                        Duration.between(push.acceptedAt(), image.producedAt()).toMillis());
                devWritten(feed, sha)
                        .ifPresent(dev -> written.add(Duration.between(push.acceptedAt(), dev.producedAt())
                                .toMillis()));
            }
            long rss = residentKib(stack) / 1024;
            return String.format(
                    Locale.ROOT,
                    "%-9d %-9d %-28s %-28s %d",
                    replicas,
                    outcome.accepted().size(),
                    figures(built),
                    figures(written) + " (" + written.size() + ")",
                    rss);
        }
    }

    private static Optional<EventFeed.Received> devWritten(EventFeed feed, String sha) {
        String prefix = "main-" + sha.substring(0, 7) + "-";
        return feed.all().stream()
                .filter(r -> r.as(ManifestUpdated.class)
                        .filter(m -> "dev".equals(m.stage())
                                && m.status() == ManifestUpdated.Status.COMMITTED
                                && m.newValue() != null
                                && m.newValue().startsWith(prefix))
                        .isPresent())
                .findFirst();
    }

    /** The services' instances' resident memory (VmRSS), summed. */
    private static long residentKib(LocalStack stack) {
        return LocalStack.SERVICES.keySet().stream()
                .flatMap(service -> stack.instances(service).stream())
                .mapToLong(instance ->
                        LocalStackBenchmark.residentKib(instance.process().pid()))
                .sum();
    }

    private static String figures(List<Long> millis) {
        if (millis.isEmpty()) {
            return "-";
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "%d/%d/%d ms", at(sorted, 50), at(sorted, 90), sorted[sorted.length - 1]);
    }

    private static long at(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
