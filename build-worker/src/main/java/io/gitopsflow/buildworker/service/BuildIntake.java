package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.BuildStatus;
import io.gitopsflow.buildworker.messaging.BuildResultPublisher;
import io.gitopsflow.buildworker.repository.BuildRepository;
import io.gitopsflow.buildworker.repository.BuildRows;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.messaging.RefusedContent;
import io.gitopsflow.messaging.TerminalFailure;
import io.gitopsflow.messaging.work.WorkRunner;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Takes a {@code commit-pushed} in: a (commit, ref) already built publishes its stored result again (never builds
 * twice); a new one is queued durably in the database, superseding the queued builds of older commits of its branch,
 * and the build work runs it when a slot is free (a commit built for another ref is only tagged). A failed build is
 * retried by a new push of its commit or by an operator. The record's offset is committed once this is stored.
 */
@ApplicationScoped
public class BuildIntake {

    private final BuildRepository builds;
    private final WorkRunner work;
    private final BuildResultPublisher results;

    public BuildIntake(BuildRepository builds, WorkRunner work, BuildResultPublisher results) {
        this.builds = builds;
        this.work = work;
        this.results = results;
    }

    /** What to do once the intake's transaction committed. */
    record Next(Build republish, boolean dispatch) {}

    /**
     * Queues the push's build, or publishes its stored result again.
     *
     * @throws TerminalFailure when the push cannot be stored (a value the database refuses): to the DLQ, not retried
     */
    public Uni<Void> onCommitPushed(EventEnvelope<CommitPushed> event) {
        return admit(event)
                .onFailure(RefusedContent::in)
                .transform(failure ->
                        new TerminalFailure("the push cannot be stored as a build: " + failure.getMessage(), failure))
                .chain(next -> {
                    if (next.dispatch()) {
                        work.wake();
                    }
                    return next.republish() == null ? Uni.createFrom().voidItem() : results.publish(next.republish());
                });
    }

    @WithTransaction
    Uni<Next> admit(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        return builds.findForPush(push.repository().fullName(), push.after(), push.ref())
                .chain(existing ->
                        existing == null ? enqueue(event).replaceWith(new Next(null, true)) : again(event, existing));
    }

    /**
     * What a push of a (commit, ref) that has a row asks for. A redelivery (the same CloudEvent, or the same provider
     * delivery id published again by the gateway) changes nothing; a new delivery of a failed build's commit retries it
     * with the ref's next build number (it is the newest push of the ref).
     */
    private Uni<Next> again(EventEnvelope<CommitPushed> event, Build existing) {
        CommitPushed push = event.data();
        boolean redelivery = sameDelivery(event, existing);
        return switch (existing.status) {
            case SUCCEEDED -> {
                Log.infof(
                        "commit %s of %s was built for %s by %s: publishing its result again",
                        push.after(), push.repository().fullName(), push.ref(), existing.id);
                yield Uni.createFrom().item(new Next(existing, false));
            }
            case FAILED -> redelivery ? Uni.createFrom().item(new Next(existing, false)) : retryFailed(event, existing);
            // the same push again: it was superseded, which stays true
            case SUPERSEDED -> redelivery ? Uni.createFrom().item(new Next(null, false)) : headAgain(event, existing);
            // queued or running: its result is published when it finishes
            case QUEUED, RUNNING -> Uni.createFrom().item(new Next(null, false));
        };
    }

    /** A new push of a failed build's commit: retried with the ref's next build number. */
    private Uni<Next> retryFailed(EventEnvelope<CommitPushed> event, Build existing) {
        Log.infof(
                "commit %s of %s failed in build %s and is pushed again (delivery %s): retried",
                existing.commit, existing.repository, existing.id, event.data().deliveryId());
        return builds.nextBuildNumber(existing.repository, existing.branch)
                .invoke(number -> {
                    requeue(existing, event);
                    existing.buildNumber = number;
                })
                .chain(() -> supersedeOlder(existing))
                .replaceWith(new Next(null, true));
    }

    /** A new push of a commit that had been superseded (a branch reset to it): it is the head again. */
    private Uni<Next> headAgain(EventEnvelope<CommitPushed> event, Build existing) {
        Log.infof(
                "commit %s of %s is pushed again: build %s queued again",
                existing.commit, existing.repository, existing.id);
        requeue(existing, event);
        return supersedeOlder(existing).replaceWith(new Next(null, true));
    }

    /** The same CloudEvent again, or the gateway's second publication of the same provider delivery. */
    private static boolean sameDelivery(EventEnvelope<CommitPushed> event, Build existing) {
        return event.attributes().id().equals(existing.causeEventId)
                || BuildRows.deliveryKey(event.data().deliveryId()).equals(existing.deliveryId);
    }

    /** Back to the queue for a new push: its result, lease and cause are the new push's. */
    private static void requeue(Build build, EventEnvelope<CommitPushed> event) {
        build.requeue();
        causedBy(build, event);
    }

    private static void causedBy(Build build, EventEnvelope<CommitPushed> event) {
        build.causeEventId = event.attributes().id();
        build.deliveryId = BuildRows.deliveryKey(event.data().deliveryId());
        build.correlationId = event.attributes().correlationId();
        build.traceparent = event.attributes().traceparent();
        build.requestJson = new String(EventCodec.encode(event.data()), StandardCharsets.UTF_8);
    }

    /** Queues a build; its number is one more than the builds of the branch so far. */
    private Uni<Build> enqueue(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        String branch = push.refType() == CommitPushed.RefType.BRANCH ? push.refName() : null;
        return builds.nextBuildNumber(push.repository().fullName(), branch)
                .chain(number -> {
                    Build build = new Build();
                    build.id = "b-" + UUID.randomUUID();
                    build.repository = push.repository().fullName();
                    // the push keeps the URL as sent (the checkout needs it); what is shown and published has none
                    build.cloneUrl =
                            BuildRows.withoutCredentials(push.repository().cloneUrl());
                    build.commit = push.after();
                    build.ref = push.ref();
                    build.branch = branch;
                    build.buildNumber = number;
                    build.status = BuildStatus.QUEUED;
                    causedBy(build, event);
                    build.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                    return builds.persist(build);
                })
                .call(this::supersedeOlder);
    }

    /** The queued builds of older commits of the same branch end superseded: only the newest commit is built. */
    private Uni<Integer> supersedeOlder(Build newest) {
        if (newest.branch == null) {
            return Uni.createFrom().item(0);
        }
        return builds.queuedOfBranch(newest.repository, newest.branch, newest.id)
                .map(older -> {
                    for (Build build : older) {
                        build.status = BuildStatus.SUPERSEDED;
                        build.supersededBy = newest.id;
                        build.reason = "superseded by the newer commit " + newest.commit + " (build " + newest.id + ")";
                        build.finishedAt = OffsetDateTime.now(ZoneOffset.UTC);
                        Log.infof(
                                "build %s of %s@%s superseded by %s",
                                build.id, build.repository, build.commit, newest.commit);
                    }
                    return older.size();
                });
    }
}
