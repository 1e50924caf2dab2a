package io.gitopsflow.local;

import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.MetricsTarget;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.PrometheusServer;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
     * collector, the C1 compiler only); {@code -Dgitopsflow.local.jvm-options=...} replaces them.
     */
    static final String JVM_OPTIONS =
            System.getProperty("gitopsflow.local.jvm-options", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

    private final Path root;
    private CliLogins cliLogins;
    private final Path work;
    private final KafkaCluster kafka;
    private final TestPostgres postgres;
    private final GitServer git;
    private final OciRegistry registry;
    private final PrometheusServer prometheus;
    private final MetricsTarget devApplication;
    private final LocalTokens tokens;
    private final SignIn signIn;
    private final NotificationReceiver notifications;
    private final String registryHost;
    /** Where build-worker writes images when no registry runs; null when it pushes. */
    private final Path imageArchives;

    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Long> readyMillis = new LinkedHashMap<>();
    private long infrastructureMillis;
    private long totalMillis;

    private LocalStack(Path root, boolean useRegistry, SignIn signIn, PrintStream out) {
        long started = System.nanoTime();
        this.root = root;
        this.signIn = signIn;
        this.work = TestFolders.newFolder("local-stack");
        this.kafka = KafkaCluster.shared();
        List<String> topics = new ArrayList<>();
        for (EventType<?> type : EventType.all()) {
            topics.add(type.topic());
            topics.add(type.deadLetterTopic());
        }
        kafka.createTopics(3, topics);
        this.postgres = TestPostgres.shared();

        if (useRegistry && OciRegistry.available()) {
            registry = OciRegistry.start();
            registry.pushBaseImage("base/static:1");
            registryHost = registry.host();
            imageArchives = null;
        } else {
            registry = null;
            registryHost = "registry.local:5000";
            imageArchives = work.resolve("images");
            out.printf(
                    "%s: images are written as OCI image archives under %s instead of being pushed%n",
                    useRegistry ? "docker-registry is not installed (apt-get install docker-registry)" : "no registry",
                    imageArchives);
        }
        // the sample application as deployed in dev: the traffic the dev analysis looks at
        devApplication = MetricsTarget.start("books-api", 0.01, 120);
        prometheus = PrometheusServer.available() ? PrometheusServer.start(List.of(devApplication.hostPort())) : null;
        if (prometheus == null) {
            out.printf("prometheus is not installed (apt-get install prometheus): dev is verified by a web metric"
                    + " instead%n");
        }

        git = GitServer.start();
        git.createRepository(
                APPLICATION,
                SampleRepositories.application(registry != null ? registryHost + "/base/static:1" : "scratch"));
        git.createRepository(GITOPS, SampleRepositories.gitops());
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
        LocalStack stack = new LocalStack(root, useRegistry, signIn, out);
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
        Map<String, String> common = new LinkedHashMap<>();
        common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        common.put("quarkus.datasource.username", TestPostgres.USER);
        common.put("quarkus.datasource.password", TestPostgres.PASSWORD);
        common.put("java.io.tmpdir", work.toString());
        // every service's REST API takes the local users' bearer tokens, or the OpenID Connect provider's (the
        // webhooks take their signatures)
        SignIn.Provider provider = signIn.provider();
        common.put("mp.jwt.verify.issuer", provider == null ? LocalTokens.ISSUER : provider.issuer());
        common.put(
                "mp.jwt.verify.publickey.location",
                provider == null ? tokens.publicKey().toString() : provider.jwksUrl());

        Map<String, Integer> ports = new LinkedHashMap<>();
        SERVICES.forEach((name, port) -> ports.put(name, fixedPorts ? port : TestFolders.freePort()));
        Map<String, Map<String, String>> settings = new ServiceSettings(this, devApplication.url(), notifications)
                .perService(
                        "http://127.0.0.1:" + ports.get("promotion-service"),
                        "http://127.0.0.1:" + ports.get("analysis-service"));

        String suffix = fixedPorts ? "" : "_" + STACKS.incrementAndGet();
        ExecutorService starting = Executors.newFixedThreadPool(SERVICES.size());
        try {
            Map<String, Future<ServiceProcess>> futures = new LinkedHashMap<>();
            for (String name : SERVICES.keySet()) {
                // each service owns its database (its own Flyway history), as in production; a test's stack gets
                // fresh ones, since the JVM's PostgreSQL outlives it and the next stack must not see its promotions
                String database = name.replace('-', '_') + suffix;
                postgres.createDatabase(database);
                Map<String, String> properties = new LinkedHashMap<>(common);
                properties.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
                properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
                properties.putAll(settings.get(name));
                int port = ports.get(name);
                Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
                Path log = work.resolve("logs").resolve(name + ".log");
                futures.put(name, starting.submit(() -> {
                    ServiceProcess service = ServiceProcess.start(
                            name,
                            jar,
                            port,
                            List.of(JVM_OPTIONS.trim().split("\\s+")),
                            properties,
                            log,
                            Duration.ofSeconds(120));
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    synchronized (readyMillis) {
                        readyMillis.put(name, millis);
                    }
                    out.printf("  %-18s ready at %s after %,d ms (log %s)%n", name, service.url(), millis, log);
                    return service;
                }));
            }
            RuntimeException failure = null;
            for (Map.Entry<String, Future<ServiceProcess>> future : futures.entrySet()) {
                try {
                    services.put(future.getKey(), future.getValue().get());
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting the services", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            starting.shutdown();
        }
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

    public String url(String service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalArgumentException("no service " + service);
        }
        return process.url();
    }

    public Map<String, ServiceProcess> services() {
        return services;
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    public GitServer git() {
        return git;
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
        return registryHost;
    }

    /** Where build-worker writes the images when no registry runs (empty: it pushes them to the registry). */
    public Optional<Path> imageArchives() {
        return Optional.ofNullable(imageArchives);
    }

    /** The image repository build-worker pushes the sample application to. */
    public String imageRepository() {
        return registryHost + "/" + APPLICATION;
    }

    public String applicationUrl() {
        return git.repositoryUrl(APPLICATION);
    }

    public String gitopsUrl() {
        return git.repositoryUrl(GITOPS);
    }

    public String prometheusUrl() {
        return prometheus == null ? null : prometheus.url();
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

    /** The settings a user needs, for printing. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("Kafka bootstrap servers", kafka.bootstrapServers());
        settings.put("PostgreSQL", postgres.jdbcUrl("postgres") + " (user postgres, password postgres)");
        settings.put("Git server", git.baseUrl());
        settings.put("sample application", applicationUrl());
        settings.put("GitOps repository", gitopsUrl());
        settings.put(
                "registry",
                registry == null
                        ? "none: images are written as OCI image archives under " + imageArchives
                        : registryHost);
        settings.put("Prometheus", prometheus == null ? "(not installed)" : prometheus.url());
        settings.put("webhook secret (all repositories)", WEBHOOK_SECRET);
        settings.put("notification receiver (console)", notifications.url());
        settings.put("bearer tokens", tokens.file("viewer").getParent() + "/<user>.jwt  users " + LocalTokens.USERS);
        settings.put("logs", work.resolve("logs").toString());
        return settings;
    }

    /** Stops the services (each waits for its shutdown), then the servers; Kafka and PostgreSQL stop with the JVM. */
    @Override
    public void close() {
        List<String> names = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(names);
        names.parallelStream().forEach(name -> services.get(name).close());
        services.clear();
        git.close();
        notifications.close();
        if (prometheus != null) {
            prometheus.close();
        }
        devApplication.close();
        if (registry != null) {
            registry.close();
        }
    }
}
