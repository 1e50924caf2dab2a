package io.gitopsflow.promotion.bench;

import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.testkit.bench.RunConditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark (not a test): how a pipeline's history weighs on an image's arrival. For each size (0, 1,000 and 10,000
 * Freight already in the pipeline by default) an image is published and timed from its sending to the broker's
 * appending of the dev stage's {@code promotion-requested} (promotion-service makes the Freight, auto-promotes the
 * newest, stores and publishes the request); the benchmark then answers as gitops-writer and times that answer to the
 * staging stage's {@code promotion-requested} (dev verifies the Freight once written, staging follows), answers it and
 * waits for staging's {@code stage-promoted} before the next image. Each seeded Freight was promoted into dev and verified there, as a
 * pipeline's history has it. Then the whole Freight list is read five times through the REST API ({@code GET
 * /pipelines/<p>/freight}, each Freight with its status in every stage), and so are the stages ({@code GET
 * /pipelines/<p>/stages}, each stage's Freight, latest promotion and verification); last, the service is left idle for
 * 30 s and the CPU it spends meanwhile (its reconcile pass auto-promotes every stage of every pipeline every 5 s) is
 * printed. The packaged promotion-service runs in its own
 * process against the real broker and PostgreSQL ({@link ArrivalStack}). Prints each size's median, p90 and rounds, and
 * the conditions of the run. Run: {@code ./mvnw -B install -DskipTests && cd promotion-service && ../mvnw -B -q
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.promotion.bench.ArrivalBenchmark}; arguments: the
 * sizes ({@code 0,1000,10000}) and the timed arrivals per size ({@code 30}).
 */
public final class ArrivalBenchmark {

    private static final int WARM_UP = 15;
    private static final int LISTINGS = 5;
    private static final Duration IDLE = Duration.ofSeconds(30);

    private ArrivalBenchmark() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "0,1000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int arrivals = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<String> rows = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        String idle;
        RunConditions conditions = RunConditions.start();
        try (ArrivalStack stack = ArrivalStack.start(sizes)) {
            // the JIT: every size's pipeline warmed up with arrivals of its own before any is timed
            for (int size : sizes) {
                arrive(stack, size, "0.1.0");
                stack.seed(size);
                for (int i = 0; i < WARM_UP; i++) {
                    arrive(stack, size, "2." + i + ".0");
                }
            }
            for (int size : sizes) {
                RunConditions.Sample began = RunConditions.sample();
                List<Long> times = new ArrayList<>();
                List<Long> followed = new ArrayList<>();
                for (int i = 0; i < arrivals; i++) {
                    long[] took = arrive(stack, size, "3." + i + ".0");
                    times.add(took[0]);
                    followed.add(took[1]);
                }
                double steal = began.stealPercent(RunConditions.sample());
                rows.add(row(size, "image-published → dev promotion-requested", times, steal));
                rows.add(row(size, "dev manifest-updated → staging promotion-requested", followed, steal));
            }
            for (String what : List.of("freight", "stages")) {
                for (int size : sizes) {
                    List<Long> listings = new ArrayList<>();
                    for (int i = 0; i < LISTINGS; i++) {
                        listings.add(stack.listing(size, what));
                    }
                    lists.add(String.format(
                            "| %,d | GET /pipelines/{p}/%s | %d ms | %s |",
                            size, what, listings.stream().sorted().toList().get(LISTINGS / 2), listings));
                }
            }
            // idle: only the reconcile pass (every 5 s) runs, auto-promoting every stage of every pipeline
            long idleFrom = stack.serviceCpuMillis();
            Thread.sleep(IDLE.toMillis());
            idle = String.format(
                    "promotion-service idle for %d s with these pipelines (reconcile passes only): %,d ms of CPU",
                    IDLE.toSeconds(), stack.serviceCpuMillis() - idleFrom);
            System.out.printf("%npromotion-service: %s%n", stack.describe());
        }
        System.out.println();
        System.out.println("| Freight in the pipeline | from → to | p50 | p90 | max | rounds (ms) | steal |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("| Freight in the pipeline | read | p50 | each (ms) |");
        System.out.println("|---|---|---|---|");
        lists.forEach(System.out::println);
        System.out.println();
        System.out.println(idle);
        System.out.print(conditions.describe());
    }

    /**
     * One arrival: ms from sending the image to dev's request's appending, and from sending dev's answer (dev then
     * verifies the Freight) to staging's request's appending; both answered, and promoted, before returning.
     */
    private static long[] arrive(ArrivalStack stack, int size, String tag) {
        String commit = TestEvents.sha();
        long sent = System.currentTimeMillis();
        stack.publish(size, tag, commit);
        ArrivalStack.Requested dev = stack.awaitRequest(size, "dev", commit);
        long answered = System.currentTimeMillis();
        promoted(stack, dev.request());
        ArrivalStack.Requested staging = stack.awaitRequest(size, "staging", commit);
        promoted(stack, staging.request());
        return new long[] {dev.appendedAt() - sent, staging.appendedAt() - answered};
    }

    private static void promoted(ArrivalStack stack, PromotionRequested request) {
        stack.answer(TestEvents.answer(request, ManifestUpdated.Status.COMMITTED, TestEvents.sha(), null));
        stack.awaitPromoted(request.promotionId());
    }

    private static String row(int size, String step, List<Long> times, double steal) {
        List<Long> sorted = times.stream().sorted().toList();
        return String.format(
                "| %,d | %s | %d ms | %d ms | %d ms | %s | %.1f %% |",
                size,
                step,
                sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
                sorted.get(sorted.size() - 1),
                times,
                steal);
    }
}
