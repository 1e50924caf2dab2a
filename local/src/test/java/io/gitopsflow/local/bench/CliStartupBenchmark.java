package io.gitopsflow.local.bench;

import io.gitopsflow.local.CliLogins;
import io.gitopsflow.local.LocalStack;
import io.gitopsflow.testkit.bench.RunConditions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 22's start-up target: from starting {@code gitops-flow get …} to the first byte it prints, against the local
 * stack's real console, N times per way of starting the JVM — the launcher as built (AppCDS archive, C1 only), the
 * launcher without the archive ({@code -Xshare:off}), and a plain {@code java -jar} — plus until the process ended.
 *
 * <p>Run: {@code ./mvnw -B install -DskipTests}, then {@code cd local && ../mvnw -B -q exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.local.bench.CliStartupBenchmark -Dexec.args=30}.
 */
public final class CliStartupBenchmark {

    private CliStartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path root = Path.of(System.getProperty("gitopsflow.root", "..")).toAbsolutePath();
        try (LocalStack stack = LocalStack.start(root, false, System.out)) {
            CliLogins logins = stack.cli();
            Path launcher = root.resolve(CliLogins.LAUNCHER);
            Path jar = root.resolve("cli/target/quarkus-app/quarkus-run.jar");
            Map<String, String> env =
                    Map.of("GITOPS_FLOW_CONFIG_DIR", logins.directory("viewer").toString());
            System.out.printf("%n%d runs each, against %s%n", runs, stack.url("console"));
            for (String[] what : new String[][] {{"get", "pipelines"}, {"get", "stages", LocalStack.PIPELINE}}) {
                report(
                        "launcher (AppCDS, C1)     " + String.join(" ", what),
                        runs,
                        env,
                        cmd(launcher.toString(), what),
                        null);
                report(
                        "launcher, -Xshare:off     " + String.join(" ", what),
                        runs,
                        env,
                        cmd(launcher.toString(), what),
                        "-Xshare:off");
                List<String> plain = new ArrayList<>(List.of("java", "-jar", jar.toString()));
                plain.addAll(List.of(what));
                report("java -jar quarkus-run.jar " + String.join(" ", what), runs, env, plain, null);
            }
        }
        System.out.print(conditions.describe());
    }

    private static List<String> cmd(String launcher, String[] what) {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(List.of(what));
        return command;
    }

    private static void report(String name, int runs, Map<String, String> env, List<String> command, String javaOpts)
            throws IOException, InterruptedException {
        List<Long> firstByte = new ArrayList<>();
        List<Long> ended = new ArrayList<>();
        for (int i = 0; i < runs + 2; i++) {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            if (javaOpts != null) {
                builder.environment().put("GITOPS_FLOW_JAVA_OPTS", javaOpts);
            }
            long started = System.nanoTime();
            Process process = builder.start();
            try (InputStream out = process.getInputStream()) {
                if (out.read() < 0) {
                    throw new IllegalStateException(name + " printed nothing, exit " + process.waitFor());
                }
                long first = System.nanoTime() - started;
                out.transferTo(java.io.OutputStream.nullOutputStream());
                int exit = process.waitFor();
                long end = System.nanoTime() - started;
                if (exit != 0) {
                    throw new IllegalStateException(name + " exited " + exit);
                }
                if (i >= 2) { // two warm-up runs: the page cache, not the JVM, is what they warm
                    firstByte.add(first / 1_000_000);
                    ended.add(end / 1_000_000);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-50s first byte p50 %4d ms  p90 %4d ms  max %4d ms | ended p50 %4d ms  p90 %4d ms%n",
                name,
                percentile(firstByte, 50),
                percentile(firstByte, 90),
                Collections.max(firstByte),
                percentile(ended, 50),
                percentile(ended, 90));
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
