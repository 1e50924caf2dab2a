package io.gitopsflow.gateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Debian's {@code wrk} (C, one thread: about a tenth of a core at 6,000 requests/s), each request a signed push with
 * its own delivery id, latencies from wrk's own histogram.
 */
final class WrkLoad implements LoadGenerator {

    private final int port;
    private final Path script;

    private WrkLoad(int port, Path script) {
        this.port = port;
        this.script = script;
    }

    /** wrk on the gateway's {@code port}, or null when wrk is not installed. */
    static WrkLoad installed(int port, List<SignedPushes.Push> pushes) throws IOException {
        try {
            new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Path folder = Files.createDirectories(Path.of("target", "benchmark-wrk"));
        StringBuilder table = new StringBuilder("return {\n");
        for (SignedPushes.Push push : pushes) {
            table.append("{sig=\"")
                    .append(push.signature())
                    .append("\", body=[==[")
                    .append(new String(push.body(), StandardCharsets.UTF_8))
                    .append("]==]},\n");
        }
        Files.writeString(folder.resolve("bodies.lua"), table.append("}\n"));
        Files.writeString(folder.resolve("push.lua"), script(folder.resolve("bodies.lua")));
        return new WrkLoad(port, folder.resolve("push.lua"));
    }

    private static String script(Path bodies) {
        return """
                local bodies = dofile("%s")
                local threads = 0
                function setup(thread) threads = threads + 1; thread:set("tid", threads) end
                local prefix, n = "", 0
                function init(args) prefix = args[1] .. "-" .. tid .. "-" end
                function request()
                  n = n + 1
                  local b = bodies[(n %% #bodies) + 1]
                  return wrk.format("POST", "/webhooks/github", {
                    ["Content-Type"] = "application/json", ["X-GitHub-Event"] = "%s",
                    ["X-GitHub-Delivery"] = prefix .. n, ["X-Hub-Signature-256"] = b.sig }, b.body)
                end
                function done(summary, latency, requests)
                  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests,
                    summary.duration, summary.errors.status, summary.errors.connect + summary.errors.read
                    + summary.errors.write + summary.errors.timeout, latency:percentile(50),
                    latency:percentile(99), latency:percentile(99.9), latency.max))
                end
                """.formatted(bodies.toAbsolutePath(), System.getProperty("bench.event", "push"));
    }

    @Override
    public Result run(int concurrency, int seconds, String run) throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder(
                        "wrk",
                        "-t1",
                        "-c" + concurrency,
                        "-d" + seconds + "s",
                        "--timeout",
                        "10s",
                        "-s",
                        script.toString(),
                        "http://127.0.0.1:" + port,
                        "--",
                        run + "-" + UUID.randomUUID())
                .redirectErrorStream(true)
                .start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        String line = output.lines()
                .filter(l -> l.startsWith("RESULT "))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk failed:\n" + output));
        long[] f = Arrays.stream(line.substring(7).trim().split(" "))
                .mapToLong(Long::parseLong)
                .toArray();
        return new Result(
                f[0] / (f[1] / 1e6),
                f[0],
                f[2] + f[3],
                Map.of(50.0, f[4] / 1e3, 99.0, f[5] / 1e3, 99.9, f[6] / 1e3, 100.0, f[7] / 1e3));
    }

    @Override
    public String describe() {
        return "wrk (C, one thread)";
    }
}
