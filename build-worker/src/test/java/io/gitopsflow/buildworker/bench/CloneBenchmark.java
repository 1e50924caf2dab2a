package io.gitopsflow.buildworker.bench;

import io.gitopsflow.buildworker.checkout.GitCheckout;
import io.gitopsflow.buildworker.checkout.GitCheckout.Checkout;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.bench.RunConditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): {@link GitCheckout} shallow (depth 1) against full (depth 0) over the testkit's JGit
 * smart-HTTP server on loopback, for a repository with a long history: first-clone time and the size of the clone on
 * disk, then the later build's fetch of one new commit, and the first build of a commit 5 behind the branch head. Run:
 * {@code ./mvnw -B -q -pl build-worker -am test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=target/cp.txt && java -cp build-worker/target/test-classes:build-worker/target/classes:$(cat
 * build-worker/target/cp.txt) io.gitopsflow.buildworker.bench.CloneBenchmark 200 5} (commits, runs).
 */
public final class CloneBenchmark {

    private static final String NAME = "bench/history";

    private CloneBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (GitServer git = GitServer.start()) {
            String url = git.createRepository(NAME, tree());
            List<String> shas = git.commits(NAME, history(commits));
            long serverBytes = size(git.repositoryFolder(NAME));
            String older = shas.get(shas.size() - 6);
            // JIT and JGit's file-system probe, outside the measured runs
            measure(git, url, shas, 1, older, 1);
            measure(git, url, shas, 0, older, 1);

            StringBuilder report = new StringBuilder(String.format(
                    "clone benchmark: %d commits, bare repository %.1f MiB on the server, loopback smart HTTP,"
                            + " %d runs, %d cores%n",
                    commits + 1,
                    serverBytes / 1048576.0,
                    runs,
                    Runtime.getRuntime().availableProcessors()));
            for (int depth : new int[] {1, 0}) {
                Result result = measure(git, url, shas, depth, older, runs);
                report.append(String.format(
                        "  %-13s first clone %s; clone on disk %.2f MiB (.git %.2f MiB); fetch of a new commit %s;"
                                + " first clone of head~5 %s%n",
                        depth == 0 ? "full:" : "depth " + depth + ":",
                        summary(result.cloneMillis),
                        result.bytes / 1048576.0,
                        result.gitBytes / 1048576.0,
                        summary(result.fetchMillis),
                        summary(result.olderMillis)));
            }
            report.append(conditions.describe());
            System.out.print(report);
            Files.writeString(Path.of("build-worker", "target", "benchmark-clone.txt"), report);
        }
    }

    private record Result(long[] cloneMillis, long[] fetchMillis, long[] olderMillis, long bytes, long gitBytes) {}

    private static Result measure(GitServer git, String url, List<String> shas, int depth, String older, int runs)
            throws Exception {
        long[] clone = new long[runs];
        long[] fetch = new long[runs];
        long[] olderClone = new long[runs];
        long bytes = 0;
        long gitBytes = 0;
        String head = shas.get(shas.size() - 1);
        for (int i = 0; i < runs; i++) {
            Path cache = TestFolders.newFolder("bench-clone");
            try {
                GitCheckout checkouts = new GitCheckout(cache, u -> Optional.empty(), depth);
                long started = System.nanoTime();
                try (Checkout checkout = checkouts.checkout(url, head)) {
                    clone[i] = (System.nanoTime() - started) / 1_000_000;
                    bytes = size(checkout.workTree());
                    gitBytes = size(checkout.workTree().resolve(".git"));
                }
                // the next build of the same repository: one new commit is fetched into the cached clone
                String next = git.commit(NAME, Map.of("config.properties", "run=" + i + "\n"));
                started = System.nanoTime();
                try (Checkout checkout = checkouts.checkout(url, next)) {
                    fetch[i] = (System.nanoTime() - started) / 1_000_000;
                }
            } finally {
                TestFolders.deleteRecursively(cache);
            }
            Path olderCache = TestFolders.newFolder("bench-clone-older");
            try {
                long started = System.nanoTime();
                try (Checkout checkout =
                        new GitCheckout(olderCache, u -> Optional.empty(), depth).checkout(url, older)) {
                    olderClone[i] = (System.nanoTime() - started) / 1_000_000;
                }
            } finally {
                TestFolders.deleteRecursively(olderCache);
            }
        }
        return new Result(clone, fetch, olderClone, bytes, gitBytes);
    }

    /** The first commit: an application with a 1 MiB artifact and a few text files. */
    private static Map<String, String> tree() {
        Map<String, String> files = new HashMap<>();
        files.put("app/artifact.txt", random(1 << 20, -1));
        files.put("Dockerfile", "FROM scratch\nCOPY app/ /app/\n");
        files.put("config.properties", "run=none\n");
        return files;
    }

    /** Each commit rewrites one of ten 32 KiB modules, so the history holds several MiB the head does not. */
    private static List<Map<String, String>> history(int commits) {
        List<Map<String, String>> changes = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
            changes.add(Map.of("src/module-" + (i % 10) + ".txt", random(32 << 10, i)));
        }
        return changes;
    }

    private static String random(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(Long.toHexString(random.nextLong())).append(text.length() % 64 == 0 ? "\n" : "");
        }
        return text.toString();
    }

    private static long size(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .mapToLong(path -> {
                        try {
                            return Files.size(path);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String summary(long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(
                "p50 %d ms (min %d, max %d)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }
}
