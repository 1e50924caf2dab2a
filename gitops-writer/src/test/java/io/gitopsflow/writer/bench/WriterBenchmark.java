package io.gitopsflow.writer.bench;

import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.bench.RunConditions;
import io.gitopsflow.writer.bench.WriterStack.Round;
import io.gitopsflow.writer.service.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Benchmark (not a test): {@code N} applications' image updates requested at once — {@code N} {@code
 * promotion-requested} records, one per {@code apps/app-NNN/values.yaml} of one GitOps repository — through the
 * packaged gitops-writer (its own process) with the real broker, PostgreSQL and Git smart-HTTP server, timed from the
 * first produce to the last {@code manifest-updated} (the record's broker timestamp). Beside it, in the same run, the
 * naive baseline a per-update CI workflow step is: for each update a fresh JGit clone, the edit, a commit and a push,
 * one after the other. Both are checked on the server: every file holds its new value, the commits are counted, and
 * every request has exactly one answer. Run: {@code ./mvnw -B install -DskipTests && cd gitops-writer && ../mvnw -B -q
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.writer.bench.WriterBenchmark
 * -Dexec.args=100}.
 */
public final class WriterBenchmark {

    private WriterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        String run = UUID.randomUUID().toString().substring(0, 6);
        String loadBefore = RunConditions.loadAverage();
        try (WriterStack stack = WriterStack.start()) {
            String repository = stack.repository("bench/gitops-" + run, apps);
            String baselineRepository = stack.repository("bench/baseline-" + run, apps);
            RunConditions.Sample began = RunConditions.sample();
            WarmUp warmUp = warmUp(stack, run, apps);
            List<Round> warmUps = warmUp.rounds();
            Round cold = stack.round(repository, apps, "2.0.");
            Round cached = stack.round(repository, apps, "3.0.");
            baselineRound(stack, warmUp.lastRepository(), Math.min(apps, 10), "9.9.");
            Round baseline = baselineRound(stack, baselineRepository, apps, "2.0.");
            RunConditions.Sample ended = RunConditions.sample();
            Set<String> ids = new HashSet<>();
            warmUps.forEach(round -> ids.addAll(round.requestIds()));
            ids.addAll(cold.requestIds());
            ids.addAll(cached.requestIds());
            int answers = stack.answers(ids);

            String report = String.format(
                    "gitops-writer benchmark: %d image updates of %d applications requested at once into one GitOps"
                            + " repository, to the last manifest-updated%n"
                            + "  warm-up rounds (JIT; each the first write of its repository): %s ms%n"
                            + "  gitops-writer, first write of the repository (clone):  %s%n"
                            + "  gitops-writer, clone cached (fetch only):              %s%n"
                            + "  baseline, per update clone+edit+commit+push in turn:  %s%n"
                            + "  speed-up over the baseline: %.1fx (first write), %.1fx (clone cached)%n"
                            + "  answers on manifest-updated for the %d requests: %d (exactly one each: %s)%n"
                            + "  conditions: %s%n  during the rounds: %s%n  load average before %s, after %s%n",
                    apps,
                    apps,
                    warmUps.stream()
                            .map(round -> String.valueOf(round.millis()))
                            .collect(Collectors.joining(", ")),
                    cold,
                    cached,
                    baseline,
                    baseline.millis() / (double) cold.millis(),
                    baseline.millis() / (double) cached.millis(),
                    ids.size(),
                    answers,
                    answers == ids.size(),
                    RunConditions.machine("writer JVM " + WriterStack.WRITER_JVM),
                    began.until(ended),
                    loadBefore,
                    RunConditions.loadAverage());
            System.out.print(report);
            Files.writeString(Path.of("target", "benchmark-gitops-writer.txt"), report);
            if (answers != ids.size()) {
                throw new IllegalStateException("some requests were answered more than once");
            }
        }
        System.exit(0);
    }

    /** The rounds of the writer's JIT warm-up and the repository of the last one. */
    private record WarmUp(List<Round> rounds, String lastRepository) {}

    /**
     * JIT warm-up of the writer, outside the measured rounds: rounds of the same size, each the first write of another
     * repository, until one is within 10 % of the one before (on 2 cores the JIT is still compiling the second and
     * third round) or bench.warmup-rounds (5) ran.
     */
    private static WarmUp warmUp(WriterStack stack, String run, int apps) {
        List<Round> warmUps = new ArrayList<>();
        int maxWarmUps = Integer.getInteger("bench.warmup-rounds", 5);
        String warmUpRepository = null;
        for (int round = 1; round <= maxWarmUps; round++) {
            warmUpRepository = stack.repository("bench/warm-up-" + run + "-" + round, apps);
            warmUps.add(stack.round(warmUpRepository, apps, "1." + round + "."));
            if (warmUps.size() > 1
                    && Math.abs(warmUps.get(warmUps.size() - 1).millis()
                                    - warmUps.get(warmUps.size() - 2).millis())
                            <= 0.1 * warmUps.get(warmUps.size() - 2).millis()) {
                break;
            }
        }
        return new WarmUp(warmUps, warmUpRepository);
    }

    /** What a per-update CI step does, one update after the other: fresh clone, edit, commit, push. */
    private static Round baselineRound(WriterStack stack, String repository, int apps, String version) {
        GitServer git = stack.git();
        int commitsBefore = git.commitCount(repository, "main");
        long started = System.currentTimeMillis();
        for (int i = 0; i < apps; i++) {
            git.commit(repository, Map.of(WriterStack.path(i), TestRequests.values(WriterStack.name(i), version + i)));
        }
        long millis = System.currentTimeMillis() - started;
        int commits = git.commitCount(repository, "main") - commitsBefore;
        return new Round(millis, -1, -1, commits, commits, stack.lost(repository, apps, version), Set.of());
    }
}
