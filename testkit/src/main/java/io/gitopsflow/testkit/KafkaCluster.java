package io.gitopsflow.testkit;

import io.gitopsflow.events.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Kafka broker for tests, started once per test JVM and shared: an Apache Kafka broker in KRaft mode in a
 * child JVM, or Redpanda in a container where a Docker engine runs. Choose with the system property
 * {@code gitopsflow.test.kafka} = {@code auto} (default), {@code embedded} or {@code redpanda}.
 */
public interface KafkaCluster {

    /** The {@code bootstrap.servers} of the broker. */
    String bootstrapServers();

    /** What runs, for logs: e.g. "Apache Kafka 4.3.1 (KRaft, child JVM pid 1234)". */
    String description();

    /** The shared broker of this JVM, started on first use and stopped when the JVM exits. */
    static KafkaCluster shared() {
        return SharedKafka.get();
    }

    /**
     * The broker's stop and start, for fault tests: present for the Apache Kafka broker in a child JVM, empty for
     * Redpanda in a container.
     */
    default Optional<RestartableBroker> restartable() {
        return Optional.empty();
    }

    /** Creates the topics that do not exist yet, with {@code partitions} partitions each. */
    default void createTopics(int partitions, Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = topics.stream()
                    .filter(topic -> !existing.contains(topic))
                    .distinct()
                    .map(topic -> new NewTopic(topic, partitions, (short) 1)
                            .configs(Topics.compacted(topic) ? Map.of("cleanup.policy", "compact") : Map.of()))
                    .collect(Collectors.toList());
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    /**
     * Has the broker stamp each record of {@code topic} with the time it appended it ({@code LogAppendTime}): a
     * benchmark then times an answer by when it could be read, not by its producer's clock.
     */
    default void stampOnAppend(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, topic),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot configure " + topic + ": " + e.getMessage(), e);
        }
    }
}
