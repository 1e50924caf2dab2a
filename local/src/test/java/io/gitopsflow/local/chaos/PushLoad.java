package io.gitopsflow.local.chaos;

import io.gitopsflow.local.LocalStack;
import io.gitopsflow.local.SamplePush;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Developers pushing to the sample application while faults happen: every {@code interval} a commit is pushed to
 * {@code main} through the Git server (a push the Git host refuses because it is down is tried again, as a developer
 * would), and its signed webhook is delivered to the gateway instances in turn, as a load balancer spreads them; a
 * webhook no instance accepts (refused, cut, 5xx) is delivered again, with the same delivery id and body, until one
 * answers 2xx — GitHub's "redeliver". A push counts as accepted once a gateway answered 2xx.
 */
final class PushLoad implements AutoCloseable {

    /** A push the gateway accepted, and how many deliveries it took. */
    record Accepted(SamplePush.Push push, Instant acceptedAt, int deliveries, int index) {

        String commit() {
            return push.after();
        }
    }

    private static final Duration REDELIVERY_PAUSE = Duration.ofMillis(500);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

    private final LocalStack stack;
    private final List<SamplePush> gateways = new ArrayList<>();
    private final PrintStream out;
    private final List<Accepted> accepted = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final AtomicInteger redeliveries = new AtomicInteger();
    private final AtomicInteger nextGateway = new AtomicInteger();
    private final Thread thread;
    private final Duration interval;
    private final int count;
    private volatile boolean stopping;

    private PushLoad(LocalStack stack, Duration interval, int count, PrintStream out) {
        this.stack = stack;
        this.interval = interval;
        this.count = count;
        this.out = out;
        for (String url : stack.urls("event-gateway")) {
            gateways.add(new SamplePush(stack.git(), url));
        }
        this.thread = new Thread(this::run, "chaos-pushes");
    }

    /** Starts pushing {@code count} commits (or until {@link #close}), one every {@code interval}. */
    static PushLoad start(LocalStack stack, Duration interval, int count, PrintStream out) {
        PushLoad load = new PushLoad(stack, interval, count, out);
        load.thread.start();
        return load;
    }

    private void run() {
        for (int i = 1; i <= count && !stopping; i++) {
            long next = System.nanoTime() + interval.toNanos();
            SamplePush.Push push = pushCommit(i);
            if (push == null) {
                return;
            }
            deliver(push, i);
            pause(Duration.ofNanos(next - System.nanoTime()));
        }
    }

    /** Commits change {@code i} and pushes it; the Git host being down delays the push, as it would a developer's. */
    private SamplePush.Push pushCommit(int i) {
        while (!stopping) {
            try {
                return gateways.get(0)
                        .commit(
                                "Chaos change " + i,
                                Map.of("site/index.html", "<h1>books-api</h1>\n<p>Change " + i + ".</p>\n"));
            } catch (RuntimeException hostDown) {
                pause(REDELIVERY_PAUSE);
            }
        }
        return null;
    }

    private void deliver(SamplePush.Push push, int index) {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        int deliveries = 0;
        String last = "";
        while (System.nanoTime() < deadline && !stopping) {
            deliveries++;
            SamplePush gateway = gateways.get(Math.floorMod(nextGateway.getAndIncrement(), gateways.size()));
            try {
                HttpResponse<String> response = gateway.send(push);
                if (response.statusCode() / 100 == 2) {
                    synchronized (accepted) {
                        accepted.add(new Accepted(push, Instant.now(), deliveries, index));
                    }
                    return;
                }
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() / 100 == 4) {
                    break;
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                last = e.getMessage();
            }
            redeliveries.incrementAndGet();
            pause(REDELIVERY_PAUSE);
        }
        synchronized (refused) {
            refused.add(push.after() + ": " + last);
        }
        out.printf("push %s was never accepted: %s%n", push.after(), last);
    }

    private static void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the last push was delivered (or given up). */
    void awaitDone(Duration within) {
        try {
            thread.join(within.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the pushes did not end within " + within);
        }
    }

    List<Accepted> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    /** Pushes no gateway accepted (4xx, or none answered for three minutes). */
    List<String> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    int redeliveries() {
        return redeliveries.get();
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        awaitDone(Duration.ofSeconds(30));
    }
}
