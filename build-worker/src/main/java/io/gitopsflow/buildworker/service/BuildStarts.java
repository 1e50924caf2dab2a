package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.BuildStart;
import io.gitopsflow.buildworker.messaging.BuildStartPublisher;
import io.gitopsflow.buildworker.repository.BuildRepository;
import io.gitopsflow.buildworker.repository.BuildStartRepository;
import io.gitopsflow.messaging.work.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The starts of builds, for the timeline of a commit: each claim that takes a build from the queue stores one start
 * (the build's n-th, {@code <build id>/started/<n>}) in the transaction that checked the claim, and the outbox
 * publishes it as build-started, before the build's result (a result waits for its build's starts to be on Kafka).
 */
@ApplicationScoped
public class BuildStarts {

    private final BuildStartRepository starts;
    private final BuildRepository builds;
    private final BuildStartPublisher publisher;
    private final OutboxRelay relay;
    /** The starts this instance is sending now. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();
    /** The latest starts Kafka took from this instance (their mark may still be on its way), at most a few thousand. */
    private final Set<String> acknowledged =
            Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    static final int REMEMBERED = 4096;

    public BuildStarts(BuildStartRepository starts, BuildRepository builds, BuildStartPublisher publisher) {
        this.starts = starts;
        this.builds = builds;
        this.publisher = publisher;
        this.relay = new OutboxRelay(starts.outbox(), this::publish);
    }

    /** The relay of build-started: publishes stored starts right away and, on every tick, what Kafka did not take. */
    public OutboxRelay relay() {
        return relay;
    }

    /**
     * Stores the start of the claim that made {@code build} RUNNING (within the caller's transaction, the build locked);
     * the same claim stores nothing again.
     *
     * @return the start's id
     */
    Uni<String> record(Build build) {
        return starts.ofClaim(build.id, build.startedAt).chain(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(stored.id);
            }
            return starts.countOf(build.id).chain(before -> {
                BuildStart start = new BuildStart();
                start.attempt = (int) (before + 1);
                start.id = BuildStart.idOf(build.id, start.attempt);
                start.buildId = build.id;
                start.queuedAt = queuedAt(build);
                start.startedAt = build.startedAt;
                start.published = false;
                return starts.persist(start).replaceWith(start.id);
            });
        });
    }

    /** Since when the build waited: its retry time after a transient failure, else when it was queued. */
    private static OffsetDateTime queuedAt(Build build) {
        OffsetDateTime queued =
                build.retryAt != null && build.retryAt.isAfter(build.createdAt) ? build.retryAt : build.createdAt;
        return queued.isAfter(build.startedAt) ? build.startedAt : queued;
    }

    /**
     * Publishes the starts of {@code buildIds} not yet on Kafka, so a result never overtakes its start; answers the
     * builds whose starts are all on Kafka now (the others' results wait for the next try).
     */
    Uni<Set<String>> publishPendingOf(Collection<String> buildIds) {
        if (buildIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return starts.unpublishedOf(buildIds).chain(pending -> {
            List<String> ids = pending.stream().map(start -> start.id).toList();
            if (ids.isEmpty()) {
                return Uni.createFrom().item(Set.copyOf(buildIds));
            }
            return publish(ids)
                    .call(acknowledged -> starts.outbox().markPublished(acknowledged))
                    .map(acknowledged -> {
                        Set<String> ready = new HashSet<>(buildIds);
                        pending.stream()
                                .filter(start -> !acknowledged.contains(start.id))
                                .forEach(start -> ready.remove(start.buildId));
                        return ready;
                    });
        });
    }

    /**
     * Publishes the stored starts of {@code ids}, oldest first; answers the ids Kafka acknowledged. In a session of its
     * own (the relay calls it directly, past any interceptor), or the caller's.
     */
    Uni<List<String>> publish(List<String> ids) {
        return Panache.withSession(() -> starts.byIds(ids))
                .chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(List.<String>of())
                        : Panache.withSession(() -> builds.findByIds(found.stream()
                                        .map(start -> start.buildId)
                                        .toList()))
                                .chain(owners -> {
                                    Map<String, Build> byId = owners.stream()
                                            .collect(Collectors.toMap(build -> build.id, Function.identity()));
                                    return Multi.createFrom()
                                            .iterable(found)
                                            .onItem()
                                            .transformToUniAndConcatenate(
                                                    start -> publishOne(start, byId.get(start.buildId)))
                                            .filter(Objects::nonNull)
                                            .collect()
                                            .asList();
                                }));
    }

    /**
     * Publishes one start, once per instance at a time: a start this instance is sending already (the claim's
     * publishing outlasted its wait and the build's result asks for it too) is not sent again, nor one Kafka took whose
     * mark may still be on its way; null when this call did not see it acknowledged (asked again later).
     */
    private Uni<String> publishOne(BuildStart start, Build build) {
        if (acknowledged.contains(start.id)) {
            return Uni.createFrom().item(start.id);
        }
        if (!sending.add(start.id)) {
            return Uni.createFrom().nullItem();
        }
        return publisher
                .publish(start, build)
                .replaceWith(start.id)
                .invoke(acknowledged::add)
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "the start %s is not published yet (sent again later): %s", start.id, failure.getMessage());
                    return null;
                })
                .eventually(() -> sending.remove(start.id));
    }
}
