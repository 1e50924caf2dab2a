package io.gitopsflow.writer.bench;

import io.gitopsflow.testkit.bench.RunConditions;
import io.gitopsflow.testkit.bench.ScalingPlot;
import io.gitopsflow.writer.bench.WriterStack.Round;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Benchmark (not a test): write-back at scale, beside the physical limit measured in the same run. For each size
 * (10, 100, 1,000 applications by default) that many applications' updates are requested at once into one GitOps
 * repository of as many values files, timed from the first request to the last {@code manifest-updated} as the broker
 * appended it ({@link WriterStack}), interleaved with the raw JGit write of the same files ({@link RawGitLimit}: fetch,
 * edit, commit, push, no service around it); then 100 edits in a repository of 10,000 files. The writer is warmed up
 * (the JIT) before each size with rounds of that size in other repositories. Prints the table, the conditions of the
 * run (cores, CPU steal, load, JVM options) and writes the curve to {@code docs/img/writer-scaling.svg}. Run: {@code
 * ./mvnw -B install -DskipTests && cd gitops-writer && ../mvnw -B -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.gitopsflow.writer.bench.WriterScalingBenchmark}; arguments: the sizes ({@code 10,100,1000}),
 * the files and edits of the large repository ({@code 10000 100}).
 */
public final class WriterScalingBenchmark {

    private WriterScalingBenchmark() {}

    /** One size's result: the writer's rounds and the raw writes, in ms, and the steal meanwhile. */
    private record Row(
            int files,
            int apps,
            List<Long> writer,
            List<Long> produced,
            List<Integer> commits,
            List<Long> raw,
            double steal) {

        long writerMedian() {
            return median(writer);
        }

        long rawMedian() {
            return median(raw);
        }

        String line() {
            return String.format(
                    "| %,d | %,d | %,d ms | %s | %s | %,d ms | %,d ms | %.1f× | %.2f %% |",
                    files,
                    apps,
                    writerMedian(),
                    writer,
                    commits,
                    median(produced),
                    rawMedian(),
                    writerMedian() / (double) rawMedian(),
                    steal);
        }
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10,100,1000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int largeFiles = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int largeEdits = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rounds = Integer.getInteger("bench.rounds", 3);
        String run = UUID.randomUUID().toString().substring(0, 6);
        String loadBefore = RunConditions.loadAverage();
        List<Row> rows = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        RunConditions.Sample began;
        RunConditions.Sample ended;
        int answers;
        try (WriterStack stack = WriterStack.start()) {
            began = RunConditions.sample();
            for (int apps : sizes) {
                rows.add(size(stack, run, apps, apps, rounds, ids));
            }
            // the writer is warm by now: one round, the first write of another repository of that size
            System.setProperty("bench.warmup-rounds", System.getProperty("bench.large-warmup-rounds", "1"));
            rows.add(size(stack, run, largeFiles, largeEdits, rounds, ids));
            ended = RunConditions.sample();
            answers = stack.answers(ids);
        }
        ScalingPlot curve = new ScalingPlot(
                        "gitops-writer: first request to last answer, median of " + rounds + " rounds",
                        "applications in one write",
                        "ms")
                .withValues();
        for (Row row : rows.subList(0, sizes.length)) {
            curve.add("gitops-writer", row.apps(), row.writerMedian())
                    .add("raw JGit write", row.apps(), row.rawMedian());
        }
        String report = report(rows, rounds, began, ended, loadBefore, ids.size(), answers);
        System.out.print(report);
        Files.writeString(Path.of("target", "benchmark-gitops-writer-scaling.txt"), report);
        Path plot = Path.of(System.getProperty("bench.plot", "../docs/img/writer-scaling.svg"));
        curve.write(plot);
        System.out.println("plot: " + plot.toAbsolutePath().normalize());
        if (answers != ids.size()) {
            throw new IllegalStateException(answers + " answers to " + ids.size() + " requests");
        }
        System.exit(0);
    }

    /**
     * Warms the writer up with rounds of {@code apps} updates (each the first write of another repository) until one
     * is within 10 % of the one before or {@code bench.warmup-rounds} (3) ran, then measures {@code rounds} writer
     * rounds into one repository of {@code files} values files, each followed by the raw write of the same files in a
     * clone of another such repository.
     */
    private static Row size(WriterStack stack, String run, int files, int apps, int rounds, Set<String> ids)
            throws Exception {
        String label = files + "-" + apps + "-" + run;
        long previous = -1;
        for (int warm = 1; warm <= Integer.getInteger("bench.warmup-rounds", 3); warm++) {
            String repository = stack.repository("bench/warm-" + label + "-" + warm, files);
            Round round = stack.round(repository, apps, "1." + warm + ".");
            ids.addAll(round.requestIds());
            System.out.printf("  %,d files, %,d updates, warm-up %d: %s%n", files, apps, warm, round);
            if (previous > 0 && Math.abs(round.millis() - previous) <= 0.1 * previous) {
                break;
            }
            previous = round.millis();
        }
        String repository = stack.repository("bench/writer-" + label, files);
        List<Long> writer = new ArrayList<>();
        List<Long> raw = new ArrayList<>();
        List<Long> produced = new ArrayList<>();
        List<Integer> commits = new ArrayList<>();
        RunConditions.Sample began = RunConditions.sample();
        try (RawGitLimit limit = RawGitLimit.cloneOf(stack.git(), stack.repository("bench/raw-" + label, files))) {
            // the raw write's JIT warm-up, untimed
            limit.write(apps, "8.0.");
            for (int r = 1; r <= rounds; r++) {
                Round round = stack.round(repository, apps, "2." + r + ".");
                ids.addAll(round.requestIds());
                // a burst that reaches the writer with a gap longer than batch-linger is written as two commits
                if (round.lost() > 0) {
                    throw new IllegalStateException("round " + r + " of " + apps + ": " + round);
                }
                writer.add(round.millis());
                produced.add(round.producedMillis());
                commits.add(round.commits());
                raw.add(limit.write(apps, "9." + r + "."));
                System.out.printf(
                        "  %,d files, %,d updates: writer %s; raw JGit %d ms%n",
                        files, apps, round, raw.get(raw.size() - 1));
            }
        }
        return new Row(files, apps, writer, produced, commits, raw, began.stealPercent(RunConditions.sample()));
    }

    private static String report(
            List<Row> rows,
            int rounds,
            RunConditions.Sample began,
            RunConditions.Sample ended,
            String loadBefore,
            int requests,
            int answers) {
        StringBuilder report = new StringBuilder();
        report.append(String.format(
                "gitops-writer scaling benchmark: N updates requested at once into one GitOps repository, first request"
                        + " to the last manifest-updated (broker time), beside one raw JGit fetch + edit + commit +"
                        + " push of the same files; median of %d rounds%n",
                rounds));
        report.append("| files in the repository | updates | gitops-writer (median) | its rounds | commits | every"
                + " request on the broker (median) | raw JGit write (median) | writer / raw | steal |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(row -> report.append(row.line()).append('\n'));
        report.append(String.format(
                "conditions: %s%n  during the measured part: %s%n  load average before %s, after %s%n",
                RunConditions.machine("writer JVM " + WriterStack.WRITER_JVM),
                began.until(ended),
                loadBefore,
                RunConditions.loadAverage()));
        report.append(String.format(
                "answers on manifest-updated for the %d requests (warm-ups included): %d (exactly one each: %s)%n",
                requests, answers, answers == requests));
        return report.toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
