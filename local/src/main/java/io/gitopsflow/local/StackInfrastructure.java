package io.gitopsflow.local;

import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.EmbeddedKafkaBroker;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.MetricsTarget;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.PrometheusServer;
import io.gitopsflow.testkit.TestPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The local stack's infrastructure — the Kafka broker with every topic of the contract, PostgreSQL, the registry when
 * one is wanted and installed, the sample application's metrics and Prometheus, the Git server with the sample
 * repositories — started side by side: one after the other they took 11–13 s on the 2-core machine, most of it the
 * broker's JVM and PostgreSQL's start, which do not need each other. The repositories are written once the registry's
 * address is known (the GitOps repository names it). If one part fails to start, the parts that did are stopped.
 */
final class StackInfrastructure implements AutoCloseable {

    final KafkaCluster kafka;
    final TestPostgres postgres;
    /** Null when no registry runs: images are then OCI archives under {@link #imageArchives}. */
    final OciRegistry registry;

    final String registryHost;
    /** Where build-worker writes images when no registry runs; null when it pushes. */
    final Path imageArchives;
    /** The sample application as deployed in dev: the traffic the dev analysis looks at. */
    final MetricsTarget devApplication;
    /** Null when {@code prometheus} is not installed. */
    final PrometheusServer prometheus;

    final GitServer git;
    /** Whether the broker and PostgreSQL are this stack's own, stopped with it. */
    private final boolean dedicated;
    /** The parts as started: what {@link #close} stops, the same way a failed start stops them. */
    private final Parts parts;

    private StackInfrastructure(Parts parts, boolean dedicated, Path imageArchives) {
        this.kafka = parts.kafka.join();
        this.postgres = parts.postgres.join();
        this.registry = parts.registry.join();
        this.registryHost = registry != null ? registry.host() : "registry.local:5000";
        this.imageArchives = imageArchives;
        this.devApplication = parts.devApplication.join();
        this.prometheus = parts.prometheus.join();
        this.git = parts.git.join();
        this.parts = parts;
        this.dedicated = dedicated;
    }

    /** Starts every part at once and returns when all are up, the sample repositories written. */
    static StackInfrastructure start(
            Path work, boolean useRegistry, boolean dedicated, List<SampleApp> apps, PrintStream out) {
        boolean withRegistry = useRegistry && OciRegistry.available();
        if (!withRegistry) {
            out.printf(
                    "%s: images are written as OCI image archives under %s instead of being pushed%n",
                    useRegistry ? "docker-registry is not installed (apt-get install docker-registry)" : "no registry",
                    work.resolve("images"));
        }
        if (!PrometheusServer.available()) {
            out.printf("prometheus is not installed (apt-get install prometheus): dev is verified by a web metric"
                    + " instead%n");
        }
        ExecutorService pool = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "stack-infrastructure");
            thread.setDaemon(true);
            return thread;
        });
        Parts parts = new Parts(pool, withRegistry, dedicated);
        try {
            CompletableFuture.allOf(parts.all().toArray(CompletableFuture[]::new))
                    .join();
            StackInfrastructure infra =
                    new StackInfrastructure(parts, dedicated, withRegistry ? null : work.resolve("images"));
            long began = System.nanoTime();
            infra.writeRepositories(apps);
            parts.millis.put("repositories", (System.nanoTime() - began) / 1_000_000);
            out.printf("infrastructure started side by side, ms each: %s%n", parts.millis);
            return infra;
        } catch (RuntimeException e) {
            parts.closeStarted(dedicated);
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            pool.shutdown();
        }
    }

    private void writeRepositories(List<SampleApp> apps) {
        for (SampleApp app : apps) {
            git.createRepository(
                    app.repository(),
                    SampleRepositories.application(
                            app, registry != null ? registryHost + "/base/static:1" : "scratch"));
        }
        git.createRepository(
                LocalStack.GITOPS, SampleRepositories.gitops(apps, registryHost, git.repositoryUrl(LocalStack.GITOPS)));
    }

    /** Stops the servers it started; a shared broker and PostgreSQL stay (they stop with the JVM). */
    @Override
    public void close() {
        parts.closeStarted(dedicated);
    }

    /** The parts being started, each on a thread of its own. */
    private static final class Parts {
        final CompletableFuture<KafkaCluster> kafka;
        final CompletableFuture<TestPostgres> postgres;
        final CompletableFuture<OciRegistry> registry;
        final CompletableFuture<MetricsTarget> devApplication;
        final CompletableFuture<PrometheusServer> prometheus;
        final CompletableFuture<GitServer> git;
        /** How long each part took to start. */
        final Map<String, Long> millis = new ConcurrentSkipListMap<>();

        Parts(ExecutorService pool, boolean withRegistry, boolean dedicated) {
            kafka = async(pool, "kafka", () -> startKafka(dedicated));
            postgres = async(pool, "postgres", dedicated ? TestPostgres::startDedicated : TestPostgres::shared);
            registry = withRegistry
                    ? async(pool, "registry", Parts::startRegistry)
                    : CompletableFuture.completedFuture(null);
            devApplication = async(pool, "metrics", () -> MetricsTarget.start("books-api", 0.01, 120));
            prometheus = PrometheusServer.available()
                    ? devApplication.thenCompose(
                            app -> async(pool, "prometheus", () -> PrometheusServer.start(List.of(app.hostPort()))))
                    : CompletableFuture.completedFuture(null);
            git = async(pool, "git", GitServer::start);
        }

        private <T> CompletableFuture<T> async(ExecutorService pool, String part, Supplier<T> start) {
            return CompletableFuture.supplyAsync(
                    () -> {
                        long began = System.nanoTime();
                        T value = start.get();
                        millis.put(part, (System.nanoTime() - began) / 1_000_000);
                        return value;
                    },
                    pool);
        }

        private static KafkaCluster startKafka(boolean dedicated) {
            KafkaCluster kafka = dedicated ? EmbeddedKafkaBroker.start() : KafkaCluster.shared();
            List<String> topics = new ArrayList<>();
            for (EventType<?> type : EventType.all()) {
                topics.add(type.topic());
                topics.add(type.deadLetterTopic());
            }
            kafka.createTopics(3, topics);
            return kafka;
        }

        private static OciRegistry startRegistry() {
            OciRegistry registry = OciRegistry.start();
            registry.pushBaseImage("base/static:1");
            return registry;
        }

        List<CompletableFuture<?>> all() {
            return List.of(kafka, postgres, registry, devApplication, prometheus, git);
        }

        /** Waits for every part to end its start, then stops those that are up. */
        void closeStarted(boolean dedicated) {
            close(git, GitServer::close);
            close(prometheus, PrometheusServer::close);
            close(devApplication, MetricsTarget::close);
            close(registry, OciRegistry::close);
            if (dedicated) {
                close(kafka, broker -> ((EmbeddedKafkaBroker) broker).stop());
                close(postgres, TestPostgres::stop);
            }
        }

        private static <T> void close(CompletableFuture<T> part, Consumer<T> stop) {
            T started = part.handle((value, failure) -> value).join();
            if (started != null) {
                stop.accept(started);
            }
        }
    }
}
