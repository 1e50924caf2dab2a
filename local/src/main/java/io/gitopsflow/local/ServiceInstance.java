package io.gitopsflow.local;

import io.gitopsflow.testkit.ClassArchive;
import io.gitopsflow.testkit.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One instance of a service in the local stack, as a pod is in a cluster: its own port, its own name (the
 * {@code gitops-flow.kafka.instance-id}, so its consumers are static members of the service's group), its own scratch
 * folders, and the service's database and consumer group shared with its siblings. It remembers how it was started,
 * so the fault harness can kill it ({@code kill -9}: no shutdown hook runs) and start it again under the same name and
 * port, as Kubernetes restarts a crashed container. Each start writes its own log ({@code <name>.log},
 * {@code <name>.2.log}, …).
 */
public final class ServiceInstance implements AutoCloseable {

    /** Generous: twelve JVMs starting at once on two busy cores took 121 s to be ready. */
    private static final Duration READY_WITHIN = Duration.ofSeconds(300);

    private final String service;
    private final int index;
    private final Path jar;
    private final int port;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;
    private final Path logs;
    private final ClassArchive archive;
    private ServiceProcess process;
    private int starts;

    ServiceInstance(
            String service,
            int index,
            Path jar,
            int port,
            List<String> jvmOptions,
            Map<String, String> properties,
            Path logs) {
        this.service = service;
        this.index = index;
        this.jar = jar;
        this.port = port;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.properties = Map.copyOf(properties);
        this.logs = logs;
        // the services' archives (docs/benchmarks.md, "Footprint"); -Dgitopsflow.local.class-archive=false: none
        this.archive = Boolean.parseBoolean(System.getProperty("gitopsflow.local.class-archive", "true"))
                ? new ClassArchive(jar.resolveSibling("gitops-flow-local.jsa"), List.of(jar))
                : null;
    }

    /** The service it is an instance of, e.g. {@code gitops-writer}. */
    public String service() {
        return service;
    }

    /** Its number among the service's instances, from 0. */
    public int index() {
        return index;
    }

    /** {@code <service>-<index>}: its instance id, as a pod's name. */
    public String name() {
        return service + "-" + index;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** How many times it was started. */
    public synchronized int starts() {
        return starts;
    }

    /** The running process (the last one started). */
    public synchronized ServiceProcess process() {
        if (process == null) {
            throw new IllegalStateException(name() + " was never started");
        }
        return process;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** The log of its last start. */
    public synchronized Path log() {
        return logs.resolve(name() + (starts <= 1 ? "" : "." + starts) + ".log");
    }

    /** Starts it (again, after {@link #kill}) and waits until it is ready. */
    public synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name() + " is running");
        }
        starts++;
        List<String> options = new java.util.ArrayList<>(jvmOptions);
        if (archive != null) {
            // one instance of each service dumps the archive, at its first start
            options.addAll(archive.options(() -> index == 0 && starts == 1));
        }
        process = ServiceProcess.start(name(), jar, port, options, properties, log(), READY_WITHIN);
    }

    /** {@code kill -9}: the process ends at once, with its claims, leases and uncommitted offsets where they were. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            settle();
        }
    }

    /** Stops it cleanly (SIGTERM), as a rolling update does. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            settle();
        }
    }

    private void settle() {
        if (archive != null) {
            archive.settle(process.exitValue());
        }
    }

    /** Stops every one of {@code instances} cleanly, at once: SIGTERM to all, then waits for each. */
    static void closeAll(List<ServiceInstance> instances) {
        List<ServiceProcess> running = new java.util.ArrayList<>();
        for (ServiceInstance instance : instances) {
            synchronized (instance) {
                if (instance.process != null) {
                    running.add(instance.process);
                }
            }
        }
        ServiceProcess.closeAll(running.toArray(ServiceProcess[]::new));
        for (ServiceInstance instance : instances) {
            synchronized (instance) {
                if (instance.process != null) {
                    instance.settle();
                }
            }
        }
    }

    @Override
    public String toString() {
        return name() + " at " + url();
    }
}
