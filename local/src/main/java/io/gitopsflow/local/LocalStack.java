package io.gitopsflow.local;

import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole of gitops-flow on this machine, without Docker: the testkit's real infrastructure — the Kafka broker
 * with every topic of the contract, PostgreSQL (a database per service), a Git smart-HTTP server holding a sample
 * application ({@code acme/books-api}) and a GitOps repository laid out like seed 000, Debian's
 * {@code docker-registry} and {@code prometheus} when installed — and the six packaged services (the five of the flow
 * and the console), each its own process configured against it, with a sample pipeline: dev auto-promotes and is
 * verified by an analysis, staging needs one approval, prod two distinct approvers; the console tells a local
 * {@link NotificationReceiver} of its promotions. {@code ./gitops-flow-local}, the end-to-end test and the stack
 * benchmark all run this.
 */
public final class LocalStack implements AutoCloseable {

    /** The webhook secret of every repository in the local run (never use it anywhere else). */
    public static final String WEBHOOK_SECRET = "local-dev-secret";

    public static final String APPLICATION = "acme/books-api";
    public static final String GITOPS = "acme/gitops";
    public static final String PIPELINE = "books";

    /** How many stacks this JVM started: a test's stack names its databases after its number. */
    private static final AtomicInteger STACKS = new AtomicInteger();

    /** The services in the order of the flow, then the console, each with its port in the local run (8081…8086). */
    public static final Map<String, Integer> SERVICES = servicesAndPorts();

    /**
     * The services' JVM options: a small heap, and what starts a JVM fastest on a small machine (the serial
     * collector, the C1 compiler only), a heap that starts small and gives back what it does not use (40–60 MiB less
     * per service), and the C heap's free memory given back every 5 s (8–10 MiB less: docs/benchmarks.md,
     * "Footprint"); {@code -Dgitopsflow.local.jvm-options=...} replaces them.
     */
    static final String JVM_OPTIONS = System.getProperty(
            "gitopsflow.local.jvm-options",
            String.join(" ", ServiceProcess.quickStartOptions("256m"))
                    + " -Xms24m -Xmn12m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                    + " -XX:TrimNativeHeapInterval=5000");

    private final Path root;
    private CliLogins cliLogins;
    private final Path work;
    private final StackInfrastructure infra;
    private final LocalTokens tokens;
    private final SignIn signIn;
    private final NotificationReceiver notifications;

    private final int replicas;
    /** The sample applications, each with its pipeline: the first is {@link SampleApp#BOOKS}. */
    private final List<SampleApp> apps;
    /** Whether the broker and PostgreSQL are the stack's own (stopped with it), so faults can stop them. */
    private final boolean dedicated;

    private final Map<String, List<ServiceInstance>> instances = new LinkedHashMap<>();
    private final Map<String, Long> readyMillis = new LinkedHashMap<>();
    private long infrastructureMillis;
    private long totalMillis;

    private LocalStack(
            Path root,
            boolean useRegistry,
            SignIn signIn,
            int replicas,
            boolean dedicated,
            List<SampleApp> apps,
            PrintStream out) {
        long started = System.nanoTime();
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
        }
        if (apps.isEmpty() || !apps.get(0).equals(SampleApp.BOOKS)) {
            throw new IllegalArgumentException("the first sample application must be books, not " + apps);
        }
        this.apps = List.copyOf(apps);
        this.replicas = replicas;
        this.dedicated = dedicated;
        this.root = root;
        this.signIn = signIn;
        this.work = TestFolders.newFolder("local-stack");
        this.infra = StackInfrastructure.start(work, useRegistry, dedicated, apps, out);
        tokens = LocalTokens.create(work.resolve("tokens"));
        // the webhook the sample pipeline's notification rule makes the console call
        notifications = NotificationReceiver.start();
        infrastructureMillis = (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Starts the infrastructure and the six services of {@code root}'s build ({@code <service>/target/quarkus-app});
     * with {@code fixedPorts} on 8081…8086 as the README says, else on free ports (tests). Progress goes to
     * {@code out}.
     */
    public static LocalStack start(Path root, boolean fixedPorts, PrintStream out) {
        return start(root, fixedPorts, !"none".equals(System.getProperty("gitopsflow.local.registry")), out);
    }

    /**
     * The same; without {@code useRegistry} (or without {@code docker-registry} installed) no registry runs, and
     * build-worker writes each image as an OCI image archive under {@link #imageArchives()}, published with its digest
     * as a pushed one would be.
     */
    public static LocalStack start(Path root, boolean fixedPorts, boolean useRegistry, PrintStream out) {
        return start(root, fixedPorts, useRegistry, SignIn.none(), out);
    }

    /** The same, with people signing in to the console as {@code signIn} says. */
    public static LocalStack start(Path root, boolean fixedPorts, boolean useRegistry, SignIn signIn, PrintStream out) {
        return start(root, fixedPorts, useRegistry, signIn, 1, out);
    }

    /**
     * The same with {@code replicas} instances of every service (one consumer group and one database per service,
     * as a Deployment's pods share them); the first instance of each listens where a single one would, the others on
     * ten ports above ({@code fixedPorts}) or free ones.
     */
    public static LocalStack start(
            Path root, boolean fixedPorts, boolean useRegistry, SignIn signIn, int replicas, PrintStream out) {
        return start(
                new LocalStack(root, useRegistry, signIn, replicas, false, List.of(SampleApp.BOOKS), out),
                fixedPorts,
                out);
    }

    /**
     * One instance of every service on free ports, delivering each of {@code apps} (the first is
     * {@link SampleApp#BOOKS}) through its own pipeline: a stack several tests share, each with an application of its
     * own.
     */
    public static LocalStack startShared(
            Path root, boolean useRegistry, SignIn signIn, List<SampleApp> apps, PrintStream out) {
        return start(new LocalStack(root, useRegistry, signIn, 1, false, apps, out), false, out);
    }

    /**
     * A stack with its own Kafka broker and PostgreSQL (not the test JVM's shared ones), a registry, and
     * {@code replicas} instances of every service on free ports: the fault harness stops and starts any of them.
     */
    public static LocalStack startIsolated(Path root, int replicas, PrintStream out) {
        return start(
                new LocalStack(root, true, SignIn.none(), replicas, true, List.of(SampleApp.BOOKS), out), false, out);
    }

    private static LocalStack start(LocalStack stack, boolean fixedPorts, PrintStream out) {
        try {
            stack.startServices(fixedPorts, out);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startServices(boolean fixedPorts, PrintStream out) {
        long started = System.nanoTime();
        String suffix = fixedPorts ? "" : "_" + STACKS.incrementAndGet();
        StackServices launch = new StackServices(this, infra.devApplication.url(), replicas, fixedPorts, suffix);
        instances.putAll(launch.instances());
        launch.startAll(readyMillis, started, out);
        totalMillis = infrastructureMillis + (System.nanoTime() - started) / 1_000_000;
    }

    private static Map<String, Integer> servicesAndPorts() {
        Map<String, Integer> services = new LinkedHashMap<>();
        int port = 8081;
        for (String name : List.of(
                "event-gateway", "build-worker", "gitops-writer", "promotion-service", "analysis-service", "console")) {
            services.put(name, port++);
        }
        return java.util.Collections.unmodifiableMap(services);
    }

    /** The first instance's base URL. */
    public String url(String service) {
        return instances(service).get(0).url();
    }

    /** Every instance's base URL, as a load balancer would spread requests. */
    public List<String> urls(String service) {
        return instances(service).stream().map(ServiceInstance::url).toList();
    }

    /** The instances of {@code service}, in order. */
    public List<ServiceInstance> instances(String service) {
        List<ServiceInstance> own = instances.get(service);
        if (own == null) {
            throw new IllegalArgumentException("no service " + service);
        }
        return own;
    }

    /** How many instances of each service run. */
    public int replicas() {
        return replicas;
    }

    /** The first instance's process of each service. */
    public Map<String, ServiceProcess> services() {
        Map<String, ServiceProcess> first = new LinkedHashMap<>();
        instances.forEach((name, own) -> first.put(name, own.get(0).process()));
        return first;
    }

    /** PostgreSQL, shared by the services (a database each). */
    public TestPostgres postgres() {
        return infra.postgres;
    }

    /** The registry, when one runs. */
    public Optional<OciRegistry> registry() {
        return Optional.ofNullable(infra.registry);
    }

    public KafkaCluster kafka() {
        return infra.kafka;
    }

    public GitServer git() {
        return infra.git;
    }

    /** How people sign in to the console. */
    public SignIn signIn() {
        return signIn;
    }

    /** The tokens the services trust: the OpenID Connect provider's when one signs people in, else the local ones. */
    public UserTokens users() {
        return signIn.provider() != null ? signIn.provider() : tokens;
    }

    public LocalTokens tokens() {
        return tokens;
    }

    /** The users logged in to the console for the command line (written when first asked for). */
    public synchronized CliLogins cli() {
        if (cliLogins == null) {
            cliLogins = CliLogins.write(work.resolve("cli"), url("console"), users());
        }
        return cliLogins;
    }

    /** The receiver of the console's notifications for the sample pipeline. */
    public NotificationReceiver notifications() {
        return notifications;
    }

    public String registryHost() {
        return infra.registryHost;
    }

    /** Where build-worker writes the images when no registry runs (empty: it pushes them to the registry). */
    public Optional<Path> imageArchives() {
        return Optional.ofNullable(infra.imageArchives);
    }

    /** The image repository build-worker pushes the sample application to. */
    public String imageRepository() {
        return imageRepository(SampleApp.BOOKS);
    }

    /** The image repository build-worker pushes {@code app} to. */
    public String imageRepository(SampleApp app) {
        return infra.registryHost + "/" + app.repository();
    }

    /** The sample applications it delivers, {@link SampleApp#BOOKS} first. */
    public List<SampleApp> apps() {
        return apps;
    }

    public String applicationUrl() {
        return infra.git.repositoryUrl(APPLICATION);
    }

    public String gitopsUrl() {
        return infra.git.repositoryUrl(GITOPS);
    }

    public String prometheusUrl() {
        return infra.prometheus == null ? null : infra.prometheus.url();
    }

    public Path work() {
        return work;
    }

    public Path root() {
        return root;
    }

    /** Milliseconds until the infrastructure was up, and until the last service was ready. */
    public long infrastructureMillis() {
        return infrastructureMillis;
    }

    public long totalMillis() {
        return totalMillis;
    }

    /** Milliseconds from the first service's start to each service's readiness. */
    public Map<String, Long> readyMillis() {
        synchronized (readyMillis) {
            return Map.copyOf(readyMillis);
        }
    }

    /**
     * Stops the services, all at once (a service's clean stop takes seconds; one after the other they would add up),
     * then the servers; Kafka and PostgreSQL stop with the JVM. A stack with its own broker and PostgreSQL kills its
     * services instead ({@code kill -9}): nothing outlives it that a clean stop would leave tidy.
     */
    @Override
    public void close() {
        List<ServiceInstance> all = new ArrayList<>();
        instances.values().forEach(all::addAll);
        if (dedicated) {
            all.parallelStream().forEach(ServiceInstance::kill);
        } else {
            ServiceInstance.closeAll(all);
        }
        instances.clear();
        notifications.close();
        infra.close();
    }
}
