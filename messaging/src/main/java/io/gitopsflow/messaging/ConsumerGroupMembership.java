package io.gitopsflow.messaging;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How fast a consumer group gets over a crashed member, for every incoming channel of every service: Kafka's default
 * session timeout (45 s) left a killed instance's partitions unread for 45–52 s. Consumers here give up a silent member
 * after {@code gitops-flow.kafka.session-timeout} (10 s, heartbeats every third of it), and where an instance has a
 * stable name ({@code gitops-flow.kafka.instance-id}, the pod name in Kubernetes, which survives a container restart)
 * they join as static members, so a restarted instance takes its partitions back at once instead of waiting for the
 * timeout. A channel's own {@code session.timeout.ms}, {@code heartbeat.interval.ms} or {@code group.instance.id} wins.
 */
@ApplicationScoped
public class ConsumerGroupMembership implements ClientCustomizer<Map<String, Object>> {

    private final Duration sessionTimeout;
    private final Optional<String> instanceId;

    public ConsumerGroupMembership(
            @ConfigProperty(name = "gitops-flow.kafka.session-timeout", defaultValue = "10s") Duration sessionTimeout,
            @ConfigProperty(name = "gitops-flow.kafka.instance-id") Optional<String> instanceId) {
        this.sessionTimeout = sessionTimeout;
        this.instanceId = instanceId.map(String::strip).filter(id -> !id.isEmpty());
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (!config.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            return config;
        }
        long timeout = sessionTimeout.toMillis();
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(timeout));
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, timeout / 3)));
        // the client id names the channel (and its index when a channel runs several consumers): unique per instance
        Object client = config.getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, channel);
        instanceId.ifPresent(id -> config.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id + "-" + client));
        return config;
    }
}
