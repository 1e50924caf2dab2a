package io.gitopsflow.testkit;

import io.gitopsflow.events.EventType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static void startService(String name, Path jar, int port, Map<String, String> settings)
            throws InterruptedException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw install -DskipTests");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.console.json.enabled=false",
                "-Dgitops-flow.gateway.secrets.default=" + LOCAL_SECRET));
        settings.entrySet().stream()
                .filter(setting -> !setting.getKey().contains(" "))
                .forEach(setting -> command.add("-D" + setting.getKey() + "=" + setting.getValue()));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = jar.toAbsolutePath().getParent().getParent().resolve("local-" + name + ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), name + "-stop"));
            long started = System.nanoTime();
            HttpClient client = HttpClient.newHttpClient();
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            while (System.nanoTime() - started < 90_000_000_000L && process.isAlive()) {
                try {
                    if (client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        System.out.printf(
                                "%s is ready at http://127.0.0.1:%d in %d ms (log %s)%n",
                                name, port, (System.nanoTime() - started) / 1_000_000, log);
                        return;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(name + " did not become ready; see " + log);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
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
