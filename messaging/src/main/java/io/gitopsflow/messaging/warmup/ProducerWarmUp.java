package io.gitopsflow.messaging.warmup;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

/**
 * Asks each outgoing channel's Kafka producer for its topic's partitions once after the start, so the service's first
 * record sent does not wait for the topic's metadata first (every service's first send of a push did). Sends nothing.
 */
@ApplicationScoped
public class ProducerWarmUp implements WarmUp {

    private final KafkaClientService clients;
    private final Config config;

    public ProducerWarmUp(KafkaClientService clients, Config config) {
        this.clients = clients;
        this.config = config;
    }

    @Override
    public String name() {
        return "the Kafka producers' topic metadata";
    }

    @Override
    public Uni<?> run() {
        return Multi.createFrom()
                .iterable(clients.getProducerChannels())
                .onItem()
                .transformToUniAndConcatenate(this::partitionsOf)
                .collect()
                .asList();
    }

    private Uni<?> partitionsOf(String channel) {
        var producer = clients.getProducer(channel);
        // a channel another connector serves (the in-memory one of a unit test) has no Kafka producer
        return producer == null ? Uni.createFrom().voidItem() : producer.partitionsFor(topicOf(channel));
    }

    /** The channel's topic: its {@code topic} attribute, or the channel's name as the connector defaults to. */
    private String topicOf(String channel) {
        return config.getOptionalValue("mp.messaging.outgoing." + channel + ".topic", String.class)
                .orElse(channel);
    }
}
