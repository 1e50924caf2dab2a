package io.gitopsflow.testkit;

import io.gitopsflow.events.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the real infrastructure of gitops-flow on this machine, without Docker: the Kafka broker with every topic of
 * the contract, PostgreSQL, and a Git smart-HTTP server holding a sample application and a GitOps repository laid
 * out like seed 000. Then starts each service given as {@code name=path/to/quarkus-run.jar[@port]} as its own process
 * configured against it. Prints the settings, and stops everything on Ctrl-C.
 */
public final class LocalInfrastructure {

    /** The webhook secret of every repository in the local run (never use it anywhere else). */
    public static final String LOCAL_SECRET = "local-dev-secret";

    private LocalInfrastructure() {}

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        KafkaCluster kafka = KafkaCluster.shared();
        List<String> topics = new ArrayList<>();
        for (EventType<?> type : EventType.all()) {
            topics.add(type.topic());
            topics.add(type.deadLetterTopic());
        }
        kafka.createTopics(3, topics);

        TestPostgres postgres = TestPostgres.shared();

        // the registry build-worker pushes to: Debian's docker-registry when installed
        String registryHost = "registry.local:5000";
        if (OciRegistry.available()) {
            OciRegistry registry = OciRegistry.start();
            registry.pushBaseImage("base/static:1");
            registryHost = registry.host();
        } else {
            System.out.printf("docker-registry is not installed (apt-get install docker-registry): builds will fail"
                    + " at the push step%n");
        }

        GitServer git = GitServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(git::close, "git-server-stop"));
        String application = git.createRepository("acme/books-api", sampleApplication(registryHost));
        String gitops = git.createRepository("acme/gitops", sampleGitOpsRepository());

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("PostgreSQL", postgres.jdbcUrl("postgres") + " (one database per service)");
        settings.put("quarkus.datasource.username", TestPostgres.USER);
        settings.put("quarkus.datasource.password", TestPostgres.PASSWORD);
        settings.put("gitops-flow.build.registry", registryHost);
        settings.put("gitops-flow.build.allow-insecure-registries", "true");
        // gitops-writer writes to the local Git server only; there is no cluster whose Argo CD it could refresh
        settings.put("gitops-flow.writer.allowed-repositories", git.baseUrl());
        settings.put("gitops-flow.writer.refresh-argo-cd", "false");
        settings.put(
                "gitops-flow.writer.work-directory",
                TestFolders.newFolder("local-writer-clones").toAbsolutePath().toString());
        settings.put("sample application repository", application);
        settings.put("sample GitOps repository", gitops);
        settings.put("webhook secret (all repositories)", LOCAL_SECRET);

        System.out.printf(
                "%ngitops-flow local infrastructure is up in %d ms:%n", (System.nanoTime() - started) / 1_000_000);
        settings.forEach((key, value) -> System.out.printf("  %-40s %s%n", key, value));
        System.out.printf("topics: %s%n", String.join(", ", topics));

        int nextPort = 8081;
        for (String service : args) {
            String[] nameAndJar = service.split("=", 2);
            String[] jarAndPort = nameAndJar[1].split("@", 2);
            int port = jarAndPort.length > 1 ? Integer.parseInt(jarAndPort[1]) : nextPort++;
            // each service owns its database (its own Flyway history), as in production
            String database = nameAndJar[0].replace('-', '_');
            postgres.createDatabase(database);
            Map<String, String> serviceSettings = new LinkedHashMap<>(settings);
            serviceSettings.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
            serviceSettings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
            startService(nameAndJar[0], Path.of(jarAndPort[0]), port, serviceSettings);
        }
        System.out.printf("Press Ctrl-C to stop everything.%n");
        new CountDownLatch(1).await();
    }

    /** Starts one service as a child process with the infrastructure's settings and waits until it is ready. */
    private static void startService(String name, Path jar, int port, Map<String, String> settings) {
        Map<String, String> properties = new LinkedHashMap<>(settings);
        properties.put("gitops-flow.gateway.secrets.default", LOCAL_SECRET);
        Path log = jar.toAbsolutePath().getParent().getParent().resolve("local-" + name + ".log");
        long started = System.nanoTime();
        ServiceProcess service = ServiceProcess.start(name, jar, port, "256m", properties, log, Duration.ofSeconds(90));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, name + "-stop"));
        System.out.printf(
                "%s is ready at %s in %d ms (log %s)%n",
                name, service.url(), (System.nanoTime() - started) / 1_000_000, log);
    }

    private static Map<String, String> sampleApplication(String registry) {
        return Map.of(
                "Dockerfile",
                "FROM " + registry + "/base/static:1\nLABEL org.opencontainers.image.source=acme/books-api\n"
                        + "WORKDIR /srv\nCOPY site/ /srv/site/\nEXPOSE 8080\nENTRYPOINT [\"serve\", \"/srv/site\"]\n",
                "site/index.html",
                "<h1>books-api</h1>\n",
                "README.md",
                "# books-api\n\nA sample application built and delivered by gitops-flow.\n");
    }

    private static Map<String, String> sampleGitOpsRepository() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String stage : List.of("dev", "staging", "prod")) {
            files.put(
                    "charts/books-api/values-" + stage + ".yaml",
                    "# books-api in " + stage + " (written by gitops-flow)\nreplicaCount: "
                            + ("prod".equals(stage) ? 3 : 1) + "\nimage:\n  repository: registry.local/acme/books-api\n"
                            + "  tag: \"0.0.0\" # the promoted image\n");
        }
        files.put(
                "charts/books-api/Chart.yaml",
                "apiVersion: v2\nname: books-api\nversion: 0.1.0\nappVersion: \"0.0.0\"\n");
        return files;
    }
}
