package io.gitopsflow.testkit;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/** Holds the one broker of the test JVM and picks which kind to start. */
final class SharedKafka {

    private static final System.Logger LOG = System.getLogger(SharedKafka.class.getName());
    private static KafkaCluster instance;

    private SharedKafka() {}

    static synchronized KafkaCluster get() {
        if (instance == null) {
            String choice = System.getProperty("gitopsflow.test.kafka", "auto");
            boolean redpanda = switch (choice) {
                case "redpanda" -> true;
                case "embedded" -> false;
                case "auto" -> dockerEngineAnswers();
                default ->
                    throw new IllegalArgumentException(
                            "gitopsflow.test.kafka must be auto, embedded or redpanda, not " + choice);
            };
            instance = redpanda ? RedpandaKafka.start() : EmbeddedKafkaBroker.start();
            LOG.log(Level.INFO, "Kafka for tests: {0} at {1}", instance.description(), instance.bootstrapServers());
        }
        return instance;
    }

    /** Testcontainers is asked only when a Docker socket or host is configured, so machines without one pay nothing. */
    private static boolean dockerEngineAnswers() {
        boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
