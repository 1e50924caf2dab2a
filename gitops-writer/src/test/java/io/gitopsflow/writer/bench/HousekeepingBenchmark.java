package io.gitopsflow.writer.bench;

import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.bench.RunConditions;
import io.gitopsflow.writer.git.GitIdentity;
import io.gitopsflow.writer.git.GitOpsWorkspace;
import io.gitopsflow.writer.git.PushRetry;
import io.gitopsflow.writer.git.RepositoryCredentials;
import io.gitopsflow.writer.git.WorkspaceSettings;
import io.gitopsflow.writer.git.WriteRequest;
import io.gitopsflow.writer.git.WriteResult;
import io.gitopsflow.writer.service.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): what {@code git gc --auto} after each write costs on a large GitOps repository. One local
 * clone of a repository of {@code F} applications' values files takes {@code W} writes of {@code E} edits each through
 * {@link GitOpsWorkspace} and the testkit's real JGit smart-HTTP server, each followed by the housekeeping the
 * dispatcher runs once a batch's answers are out; every write adds a pack, and once there are more than {@code
 * gc.autoPackLimit} (50) the housekeeping merges them. Reports every write's and every housekeeping's time, and the
 * clone's pack count after each, then the conditions of the run. Run: {@code ./mvnw -B install -DskipTests && cd
 * gitops-writer && ../mvnw -B -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.gitopsflow.writer.bench.HousekeepingBenchmark -Dexec.args="2000 70 20"}.
 */
public final class HousekeepingBenchmark {

    private static final GitIdentity IDENTITY = new GitIdentity("gitops-flow", "gitops-flow@example.com");

    private HousekeepingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 70;
        int edits = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        RunConditions conditions = RunConditions.start();
        try (GitServer git = GitServer.start()) {
            Map<String, String> content = new LinkedHashMap<>();
            for (int i = 0; i < files; i++) {
                content.put(path(i), TestRequests.values("app-" + i));
            }
            git.createRepository("bench/large", content);
            String url = git.repositoryUrl("bench/large");
            Path clones = TestFolders.newFolder("bench-housekeeping");
            GitOpsWorkspace workspace = new GitOpsWorkspace(
                    new WorkspaceSettings(
                            clones,
                            Duration.ofSeconds(60),
                            new PushRetry(8, Duration.ofMillis(50), Duration.ofSeconds(2))),
                    RepositoryCredentials.none());

            List<Long> millis = new ArrayList<>();
            List<Long> housekeeping = new ArrayList<>();
            List<Integer> packs = new ArrayList<>();
            Path packFolder = null;
            for (int write = 0; write < writes; write++) {
                int round = write;
                long began = System.nanoTime();
                WriteResult<String> result = workspace.write(WriteRequest.toBranch(
                        url,
                        "main",
                        workTree -> {
                            List<String> changed = new ArrayList<>();
                            for (int e = 0; e < edits; e++) {
                                int app = (round * edits + e) % files;
                                Files.writeString(
                                        workTree.resolve(path(app)),
                                        TestRequests.values("app-" + app, "1." + round + "." + e));
                                changed.add(path(app));
                            }
                            return changed;
                        },
                        changes -> "bench: " + changes.size() + " updates",
                        IDENTITY,
                        IDENTITY));
                long written = System.nanoTime();
                millis.add((written - began) / 1_000_000);
                if (!(result instanceof WriteResult.Committed<String>)) {
                    throw new IllegalStateException("write " + write + " did not commit: " + result);
                }
                workspace.housekeep(url, "main", "main");
                housekeeping.add((System.nanoTime() - written) / 1_000_000);
                if (packFolder == null) {
                    try (Stream<Path> folders = Files.list(clones)) {
                        packFolder = folders.findFirst().orElseThrow().resolve(".git/objects/pack");
                    }
                }
                packs.add(count(packFolder, ".pack"));
            }
            int packedAt = -1;
            for (int i = 1; i < packs.size(); i++) {
                if (packs.get(i) < packs.get(i - 1)) {
                    packedAt = i;
                    break;
                }
            }
            long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "gitops-writer housekeeping benchmark: %d values files (%d KiB), %d writes of %d edits into one"
                            + " clone, %d cores%n",
                    files,
                    content.values().stream().mapToInt(String::length).sum() / 1024,
                    writes,
                    edits,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "  writes: median %d ms, p90 %d ms, max %d ms (the first, which clones: %d ms)%n",
                    sorted[sorted.length / 2],
                    sorted[(int) Math.floor(sorted.length * 0.9)],
                    sorted[sorted.length - 1],
                    millis.get(0));
            long[] checks =
                    housekeeping.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "  housekeeping after each write (git gc --auto, the answers already out): median %d ms, max %d"
                            + " ms%n",
                    checks[checks.length / 2], checks[checks.length - 1]);
            if (packedAt < 0) {
                System.out.printf("  nothing was packed (%d packs at the end)%n", packs.get(packs.size() - 1));
            } else {
                System.out.printf(
                        "  after write %d: packed %d packs into %d in %d ms; that write %d ms, the one after %d ms%n",
                        packedAt + 1,
                        packs.get(packedAt - 1) + 1,
                        packs.get(packedAt),
                        housekeeping.get(packedAt),
                        millis.get(packedAt),
                        packedAt + 1 < millis.size() ? millis.get(packedAt + 1) : -1);
            }
            System.out.printf("  every write's time (ms): %s%n", Arrays.toString(millis.toArray()));
            System.out.printf("  housekeeping after each write (ms): %s%n", Arrays.toString(housekeeping.toArray()));
            System.out.printf("  packs after each write's housekeeping: %s%n", Arrays.toString(packs.toArray()));
        }
        System.out.print(conditions.describe());
        System.exit(0);
    }

    private static int count(Path folder, String suffix) throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return (int)
                    entries.filter(path -> path.toString().endsWith(suffix)).count();
        }
    }

    private static String path(int app) {
        return String.format("apps/app-%04d/values.yaml", app);
    }
}
