package io.gitopsflow.testkit;

import io.gitopsflow.events.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the real infrastructure of gitops-flow on this machine, without Docker: the Kafka broker with every topic of
 * the contract, PostgreSQL, and a Git smart-HTTP server holding a sample application and a GitOps repository laid
 * out like seed 000. Prints the settings the services take, and stops everything on Ctrl-C.
 */
public final class LocalInfrastructure {

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
        postgres.createDatabase("gitopsflow");

        GitServer git = GitServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(git::close, "git-server-stop"));
        String application = git.createRepository("acme/books-api", sampleApplication());
        String gitops = git.createRepository("acme/gitops", sampleGitOpsRepository());

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("quarkus.datasource.reactive.url", postgres.reactiveUrl("gitopsflow"));
        settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl("gitopsflow"));
        settings.put("quarkus.datasource.username", TestPostgres.USER);
        settings.put("quarkus.datasource.password", TestPostgres.PASSWORD);
        settings.put("sample application repository", application);
        settings.put("sample GitOps repository", gitops);

        System.out.printf(
                "%ngitops-flow local infrastructure is up in %d ms:%n", (System.nanoTime() - started) / 1_000_000);
        settings.forEach((key, value) -> System.out.printf("  %-40s %s%n", key, value));
        System.out.printf("topics: %s%nPress Ctrl-C to stop everything.%n", String.join(", ", topics));
        new CountDownLatch(1).await();
    }

    private static Map<String, String> sampleApplication() {
        return Map.of(
                "Dockerfile",
                "FROM registry.local/base/java:17\nCOPY target/app.jar /app/app.jar\nENTRYPOINT [\"java\", \"-jar\","
                        + " \"/app/app.jar\"]\n",
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
