package io.gitopsflow.build.service;

import io.gitopsflow.build.Build;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes a {@code commit-pushed} in: a commit already built publishes its stored result again (never builds twice); a
 * new one is queued durably in the database, superseding the queued builds of older commits of its branch, and the
 * {@link BuildDispatcher} runs it when a slot is free. The record's offset is committed once this is stored.
 */
@ApplicationScoped
public class BuildService {

    private static final Logger LOG = Logger.getLogger(BuildService.class);

    private final BuildDispatcher dispatcher;
    private final BuildResults results;

    public BuildService(BuildDispatcher dispatcher, BuildResults results) {
        this.dispatcher = dispatcher;
        this.results = results;
    }

    /** What to do once the intake's transaction committed. */
    private record Next(Build republish, boolean dispatch) {}

    public Uni<Void> onCommitPushed(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        return Panache.withTransaction(() -> Build.<Build>find(
                                "repository = ?1 and commit = ?2",
                                push.repository().fullName(),
                                push.after())
                        .firstResult()
                        .chain(existing -> intake(event, existing)))
                .chain(next -> {
                    if (next.dispatch()) {
                        dispatcher.wake();
                    }
                    return next.republish() == null ? Uni.createFrom().voidItem() : results.publish(next.republish());
                });
    }

    private Uni<Next> intake(EventEnvelope<CommitPushed> event, Build existing) {
        CommitPushed push = event.data();
        if (existing == null) {
            return enqueue(event).replaceWith(new Next(null, true));
        }
        switch (existing.status) {
            case Build.SUCCEEDED, Build.FAILED -> {
                LOG.infof(
                        "commit %s of %s was built by %s: publishing its result again",
                        push.after(), push.repository().fullName(), existing.id);
                return Uni.createFrom().item(new Next(existing, false));
            }
            case Build.SUPERSEDED -> {
                if (event.attributes().id().equals(existing.causeEventId)) {
                    // the same push again: it was superseded, which stays true
                    return Uni.createFrom().item(new Next(null, false));
                }
                // a new push of a commit that had been superseded (a branch reset to it): it is the head again
                LOG.infof(
                        "commit %s of %s is pushed again: build %s queued again",
                        push.after(), existing.repository, existing.id);
                existing.status = Build.QUEUED;
                existing.supersededBy = null;
                existing.reason = null;
                existing.finishedAt = null;
                existing.causeEventId = event.attributes().id();
                existing.correlationId = event.attributes().correlationId();
                existing.traceparent = event.attributes().traceparent();
                existing.requestJson = new String(EventCodec.encode(push), StandardCharsets.UTF_8);
                existing.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                return supersedeOlder(existing).replaceWith(new Next(null, true));
            }
            default -> {
                // queued or running: its result is published when it finishes
                return Uni.createFrom().item(new Next(null, false));
            }
        }
    }

    /** Queues a build; its number is one more than the builds of the branch so far. */
    private Uni<Build> enqueue(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        String branch = push.refType() == CommitPushed.RefType.BRANCH ? push.refName() : null;
        return Build.count("repository = ?1 and branch = ?2", push.repository().fullName(), branch)
                .chain(count -> {
                    Build build = new Build();
                    build.id = "b-" + UUID.randomUUID();
                    build.repository = push.repository().fullName();
                    build.cloneUrl = push.repository().cloneUrl();
                    build.commit = push.after();
                    build.ref = push.ref();
                    build.branch = branch;
                    build.buildNumber = count + 1;
                    build.status = Build.QUEUED;
                    build.causeEventId = event.attributes().id();
                    build.correlationId = event.attributes().correlationId();
                    build.traceparent = event.attributes().traceparent();
                    build.requestJson = new String(EventCodec.encode(push), StandardCharsets.UTF_8);
                    build.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                    return build.<Build>persist();
                })
                .call(this::supersedeOlder);
    }

    /** The queued builds of older commits of the same branch end superseded: only the newest commit is built. */
    private Uni<Integer> supersedeOlder(Build newest) {
        if (newest.branch == null) {
            return Uni.createFrom().item(0);
        }
        return Build.<Build>list(
                        "repository = ?1 and branch = ?2 and status = ?3 and id <> ?4",
                        newest.repository,
                        newest.branch,
                        Build.QUEUED,
                        newest.id)
                .map(older -> {
                    for (Build build : older) {
                        build.status = Build.SUPERSEDED;
                        build.supersededBy = newest.id;
                        build.reason = "superseded by the newer commit " + newest.commit + " (build " + newest.id + ")";
                        build.finishedAt = OffsetDateTime.now(ZoneOffset.UTC);
                        LOG.infof(
                                "build %s of %s@%s superseded by %s",
                                build.id, build.repository, build.commit, newest.commit);
                    }
                    return older.size();
                });
    }
}
