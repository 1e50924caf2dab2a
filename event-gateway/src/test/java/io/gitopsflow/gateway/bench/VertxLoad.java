package io.gitopsflow.gateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Vert.x's non-blocking client on one event loop, so a machine without wrk still gets load that takes little CPU;
 * every request a signed push with its own delivery id, each latency measured here.
 */
final class VertxLoad implements LoadGenerator {

    private final int port;
    private final List<Buffer> bodies;
    private final List<String> signatures;

    VertxLoad(int port, List<SignedPushes.Push> pushes) {
        this.port = port;
        this.bodies = pushes.stream().map(push -> Buffer.buffer(push.body())).toList();
        this.signatures = pushes.stream().map(SignedPushes.Push::signature).toList();
    }

    @Override
    public Result run(int concurrency, int seconds, String run) throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            return run(vertx, concurrency, seconds);
        } finally {
            vertx.close();
        }
    }

    private Result run(Vertx vertx, int concurrency, int seconds) throws InterruptedException {
        HttpClient http = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setKeepAlive(true)
                .setMaxPoolSize(concurrency));
        String event = System.getProperty("bench.event", "push");
        // touched only on the client's one event loop
        long[][] nanos = {new long[seconds * 10_000]};
        long[] counts = new long[3]; // sent, answered, failed
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        Runnable[] sendNext = new Runnable[1];
        sendNext[0] = () -> {
            if (System.nanoTime() >= end) {
                done.countDown();
                return;
            }
            int body = (int) (counts[0]++ % bodies.size());
            long sent = System.nanoTime();
            http.request(HttpMethod.POST, "/webhooks/github")
                    .compose(request -> request.putHeader("Content-Type", "application/json")
                            .putHeader("X-GitHub-Event", event)
                            .putHeader("X-GitHub-Delivery", UUID.randomUUID().toString())
                            .putHeader("X-Hub-Signature-256", signatures.get(body))
                            .send(bodies.get(body))
                            .compose(response -> response.body().map(ignored -> response.statusCode())))
                    .onComplete(result -> {
                        int index = (int) counts[1]++;
                        if (index == nanos[0].length) {
                            nanos[0] = Arrays.copyOf(nanos[0], index * 2);
                        }
                        nanos[0][index] = System.nanoTime() - sent;
                        if (result.failed() || result.result() >= 400) {
                            counts[2]++;
                        }
                        sendNext[0].run();
                    });
        };
        vertx.runOnContext(ignored -> {
            for (int i = 0; i < concurrency; i++) {
                sendNext[0].run();
            }
        });
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] latencies = Arrays.copyOf(nanos[0], (int) counts[1]);
        return new Result(counts[1] / elapsed, counts[1], counts[2], Result.percentiles(latencies));
    }

    @Override
    public String describe() {
        return "Vert.x client (Java, one event loop)";
    }
}
