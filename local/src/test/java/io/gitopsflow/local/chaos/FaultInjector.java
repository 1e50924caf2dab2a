package io.gitopsflow.local.chaos;

import io.gitopsflow.local.LocalStack;
import io.gitopsflow.local.ServiceInstance;
import io.gitopsflow.testkit.RestartableBroker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Does a {@link Fault} to a running {@link LocalStack}: kills an instance and starts it again later (in the
 * background, as Kubernetes would, so the next fault can come while it starts), or takes a component down for the
 * fault's length and brings it back. Counts what it did by kind.
 */
final class FaultInjector implements AutoCloseable {

    private final LocalStack stack;
    private final PrintStream out;
    private final long started;
    private final ExecutorService restarts = Executors.newCachedThreadPool();
    private final List<Future<?>> pending = new ArrayList<>();
    private final Map<Fault.Kind, Integer> done = new EnumMap<>(Fault.Kind.class);

    FaultInjector(LocalStack stack, PrintStream out, long startedNanos) {
        this.stack = stack;
        this.out = out;
        this.started = startedNanos;
    }

    /** Does {@code fault}; returns once the component is back (a killed instance comes back in the background). */
    void inject(Fault fault) {
        out.printf("%7.1f s fault: %s%n", seconds(), fault);
        switch (fault.kind()) {
            case KILL -> kill(fault);
            case BROKER -> down(fault, broker()::killServer, broker()::startServer);
            case POSTGRES -> down(fault, stack.postgres()::stopServer, stack.postgres()::startServer);
            case GIT -> down(fault, stack.git()::stop, stack.git()::restart);
            case REGISTRY ->
                down(
                        fault,
                        () -> stack.registry().orElseThrow().stop(),
                        () -> stack.registry().orElseThrow().startAgain());
            case GIT_DELAY -> down(fault, () -> delayGit(fault.length().dividedBy(10)), () -> delayGit(Duration.ZERO));
        }
        synchronized (done) {
            done.merge(fault.kind(), 1, Integer::sum);
        }
    }

    private void kill(Fault fault) {
        ServiceInstance instance = instance(fault.target());
        if (!instance.alive()) {
            out.printf("%7.1f s %s is not running (still starting after a kill): not killed%n", seconds(), instance);
            return;
        }
        instance.kill();
        synchronized (pending) {
            pending.add(restarts.submit(() -> {
                pause(fault.length());
                instance.start();
                out.printf("%7.1f s %s started again and ready%n", seconds(), instance.name());
            }));
        }
    }

    private void down(Fault fault, Runnable stop, Runnable start) {
        stop.run();
        pause(fault.length());
        start.run();
        out.printf("%7.1f s %s back%n", seconds(), fault.kind());
    }

    private void delayGit(Duration delay) {
        stack.git().delay(LocalStack.APPLICATION, delay);
        stack.git().delay(LocalStack.GITOPS, delay);
    }

    private RestartableBroker broker() {
        return stack.kafka()
                .restartable()
                .orElseThrow(() -> new IllegalStateException("this broker cannot be stopped and started again"));
    }

    ServiceInstance instance(String name) {
        for (String service : LocalStack.SERVICES.keySet()) {
            for (ServiceInstance instance : stack.instances(service)) {
                if (instance.name().equals(name)) {
                    return instance;
                }
            }
        }
        throw new IllegalArgumentException("no instance " + name);
    }

    /** Waits until every killed instance was started again. */
    void awaitRestarts(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<Future<?>> all;
        synchronized (pending) {
            all = List.copyOf(pending);
        }
        for (Future<?> restart : all) {
            restart.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** How many faults of each kind were done. */
    Map<Fault.Kind, Integer> done() {
        synchronized (done) {
            return Map.copyOf(done);
        }
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        restarts.shutdownNow();
    }
}
