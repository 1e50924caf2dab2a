package io.gitopsflow.testkit;

import org.testcontainers.redpanda.RedpandaContainer;

/** Redpanda in a container, for machines where a Docker engine runs. */
final class RedpandaKafka implements KafkaCluster {

    static final String IMAGE = "docker.redpanda.com/redpandadata/redpanda:v25.1.9";

    private final RedpandaContainer container;

    private RedpandaKafka(RedpandaContainer container) {
        this.container = container;
    }

    static RedpandaKafka start() {
        RedpandaContainer container = new RedpandaContainer(IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "redpanda-stop"));
        return new RedpandaKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Redpanda " + IMAGE + " (Testcontainers)";
    }
}
