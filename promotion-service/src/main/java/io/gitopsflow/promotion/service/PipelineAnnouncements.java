package io.gitopsflow.promotion.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.promotion.DecisionEvent;
import io.gitopsflow.promotion.PipelineConfiguration;
import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.promotion.repository.DecisionEventRepository;
import io.gitopsflow.promotion.repository.PipelineConfigurationRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Publishes the pipelines in force as pipeline-configured, for the console's boards: at start and whenever the set in
 * force changes, each pipeline whose definition differs from the one last published (stored in
 * pipeline_configuration), and the removal of each pipeline no longer declared. The event is stored in the decision
 * outbox with the id {@code <project>/<fingerprint>/<generation>}, inserted only if absent, in the transaction that
 * records it as published: instances that see the same change at once store one event, and a restart stores none.
 */
@ApplicationScoped
public class PipelineAnnouncements {

    private final PipelineRegistry registry;
    private final PipelineConfigurationRepository configurations;
    private final DecisionEventRepository events;
    private final PromotionOutbox outbox;
    private final Transactions transactions;
    /** The fingerprint of the pipeline files whose definitions are stored; null until the first pass succeeded. */
    private final AtomicReference<String> announced = new AtomicReference<>();

    public PipelineAnnouncements(
            PipelineRegistry registry,
            PipelineConfigurationRepository configurations,
            DecisionEventRepository events,
            PromotionOutbox outbox,
            Transactions transactions) {
        this.registry = registry;
        this.configurations = configurations;
        this.events = events;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** Looks for a change of the pipelines in force (the registry reloads them on the same interval). */
    @Scheduled(
            every = "${gitops-flow.promotion.reload-interval:5s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> announceChanges() {
        String inForce = registry.fingerprint();
        if (inForce.equals(announced.get())) {
            return Uni.createFrom().voidItem();
        }
        Collection<Pipeline> pipelines = registry.pipelines();
        return transactions
                .run(() -> store(pipelines))
                .invoke(() -> announced.set(inForce))
                .chain(outbox::publishDecisions)
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf("pipeline definitions not stored yet, tried again: %s", failure.getMessage());
                    return null;
                });
    }

    /** Stores the definitions that differ from those last published, and the removals. */
    private Uni<Void> store(Collection<Pipeline> pipelines) {
        OffsetDateTime now = UtcClock.now().truncatedTo(ChronoUnit.MICROS);
        return configurations.listAll().chain(stored -> {
            Map<String, PipelineConfiguration> byProject = stored.stream()
                    .collect(Collectors.toMap(configuration -> configuration.project, Function.identity()));
            Set<String> declared = new HashSet<>();
            Uni<Void> each = Uni.createFrom().voidItem();
            for (Pipeline pipeline : pipelines) {
                declared.add(pipeline.name());
                PipelineConfigured definition = PipelineDefinitions.of(pipeline, now.toInstant());
                each = each.chain(() -> publishIfChanged(definition, byProject.get(pipeline.name())));
            }
            for (PipelineConfiguration last : stored) {
                if (!declared.contains(last.project) && !last.removed) {
                    PipelineConfigured removal = PipelineDefinitions.removed(last.project, last.file, now.toInstant());
                    each = each.chain(() -> publishIfChanged(removal, last));
                }
            }
            return each;
        });
    }

    private Uni<Void> publishIfChanged(PipelineConfigured definition, PipelineConfiguration last) {
        if (last != null && last.fingerprint.equals(definition.fingerprint()) && last.removed == definition.removed()) {
            return Uni.createFrom().voidItem();
        }
        PipelineConfiguration next = last == null ? new PipelineConfiguration() : last;
        next.project = definition.project();
        next.file = definition.file();
        next.fingerprint = definition.fingerprint();
        next.removed = definition.removed();
        next.generation = last == null ? 1 : last.generation + 1;
        next.eventId = definition.project() + "/" + definition.fingerprint() + "/" + next.generation;
        next.configuredAt = OffsetDateTime.ofInstant(definition.configuredAt(), ZoneOffset.UTC);
        DecisionEvent event = new DecisionEvent();
        event.id = next.eventId;
        event.topic = EventType.PIPELINE_CONFIGURED.topic();
        event.dataJson = new String(EventCodec.encode(definition), StandardCharsets.UTF_8);
        event.occurredAt = next.configuredAt;
        Log.infof(
                "pipeline %s %s (fingerprint %s)",
                definition.project(),
                definition.removed() ? "removed" : "configured",
                definition.fingerprint().substring(0, 12));
        Uni<PipelineConfiguration> saved =
                last == null ? configurations.persist(next) : Uni.createFrom().item(next);
        return saved.chain(() -> events.insertIfAbsent(event)).replaceWithVoid();
    }
}
