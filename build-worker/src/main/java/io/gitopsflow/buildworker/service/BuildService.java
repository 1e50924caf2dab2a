package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.repository.AuditLog;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes a {@code commit-pushed} in: a (commit, ref) already built publishes its stored result again (never builds
 * twice); a new one is queued durably in the database, superseding the queued builds of older commits of its branch,
 * and the {@link BuildDispatcher} runs it when a slot is free (a commit built for another ref is only tagged). A failed
 * build is retried by a new push of its commit or by an operator. The record's offset is committed once this is stored.
 */
@ApplicationScoped
public class BuildService {

    private static final Logger LOG = Logger.getLogger(BuildService.class);

    private final BuildDispatcher dispatcher;
    private final BuildResults results;
    private final AuditLog audit;

    public BuildService(BuildDispatcher dispatcher, BuildResults results, AuditLog audit) {
        this.dispatcher = dispatcher;
        this.results = results;
        this.audit = audit;
    }

    /**
     * Queues a failed build again for {@code actor} (an operator), recorded in the audit log in the same transaction.
     * It keeps its build number: it is the same push run again, so it never outranks a later commit of its branch.
     *
     * @throws BuildActionException 404 for an unknown build, 409 for one that did not fail
     */
    public Uni<Build> retry(String id, String actor) {
        return Panache.withTransaction(() -> Build.<Build>findById(id, LockModeType.PESSIMISTIC_WRITE)
                        .chain(build -> {
                            if (build == null) {
                                throw new BuildActionException(404, "no build " + id);
                            }
                            if (!Build.FAILED.equals(build.status)) {
                                throw new BuildActionException(
                                        409,
                                        "build " + id + " is " + build.status + ": only a failed build can be retried");
                            }
                            String failure = "failed in step " + build.failedStep + ": " + build.reason;
                            BuildRows.requeue(build);
                            return audit.record(actor, "retry", id, abbreviate(failure))
                                    .replaceWith(build);
                        }))
                .invoke(build -> {
                    LOG.infof("build %s of %s@%s retried by %s", id, build.repository, build.commit, actor);
                    dispatcher.wake();
                });
    }

    private static String abbreviate(String text) {
        return text.length() > 2000 ? text.substring(0, 1997) + "..." : text;
    }

    /** What to do once the intake's transaction committed. */
    private record Next(Build republish, boolean dispatch) {}

    public Uni<Void> onCommitPushed(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        return Panache.withTransaction(() -> Build.<Build>find(
                                "repository = ?1 and commit = ?2 and ref = ?3",
                                push.repository().fullName(),
                                push.after(),
                                push.ref())
                        .firstResult()
                        .chain(existing -> intake(event, existing)))
                .chain(next -> {
                    if (next.dispatch()) {
                        dispatcher.wake();
                    }
                    return next.republish() == null ? Uni.createFrom().voidItem() : results.publish(next.republish());
                });
    }

    /**
     * What a push of a (commit, ref) asks for. A redelivery (the same CloudEvent, or the same provider delivery id
     * published again by the gateway) changes nothing; a new delivery of a failed build's commit retries it with the
     * ref's next build number (it is the newest push of the ref). A commit built for another ref gets its own row:
     * the dispatcher tags the image built already instead of building again.
     */
    private Uni<Next> intake(EventEnvelope<CommitPushed> event, Build existing) {
        CommitPushed push = event.data();
        if (existing == null) {
            return enqueue(event).replaceWith(new Next(null, true));
        }
        boolean redelivery = sameDelivery(event, existing);
        switch (existing.status) {
            case Build.SUCCEEDED -> {
                LOG.infof(
                        "commit %s of %s was built for %s by %s: publishing its result again",
                        push.after(), push.repository().fullName(), push.ref(), existing.id);
                return Uni.createFrom().item(new Next(existing, false));
            }
            case Build.FAILED -> {
                if (redelivery) {
                    return Uni.createFrom().item(new Next(existing, false));
                }
                LOG.infof(
                        "commit %s of %s failed in build %s and is pushed again (delivery %s): retried",
                        push.after(), existing.repository, existing.id, push.deliveryId());
                return nextBuildNumber(existing.repository, existing.branch)
                        .invoke(number -> {
                            requeue(existing, event);
                            existing.buildNumber = number;
                        })
                        .chain(() -> supersedeOlder(existing))
                        .replaceWith(new Next(null, true));
            }
            case Build.SUPERSEDED -> {
                if (redelivery) {
                    // the same push again: it was superseded, which stays true
                    return Uni.createFrom().item(new Next(null, false));
                }
                // a new push of a commit that had been superseded (a branch reset to it): it is the head again
                LOG.infof(
                        "commit %s of %s is pushed again: build %s queued again",
                        push.after(), existing.repository, existing.id);
                requeue(existing, event);
                return supersedeOlder(existing).replaceWith(new Next(null, true));
            }
            default -> {
                // queued or running: its result is published when it finishes
                return Uni.createFrom().item(new Next(null, false));
            }
        }
    }

    /** The same CloudEvent again, or the gateway's second publication of the same provider delivery. */
    private static boolean sameDelivery(EventEnvelope<CommitPushed> event, Build existing) {
        return event.attributes().id().equals(existing.causeEventId)
                || BuildRows.deliveryKey(event.data().deliveryId()).equals(existing.deliveryId);
    }

    /** Back to the queue for a new push: its result, lease and cause are the new push's. */
    private static void requeue(Build build, EventEnvelope<CommitPushed> event) {
        BuildRows.requeue(build);
        build.causeEventId = event.attributes().id();
        build.deliveryId = BuildRows.deliveryKey(event.data().deliveryId());
        build.correlationId = event.attributes().correlationId();
        build.traceparent = event.attributes().traceparent();
        build.requestJson = new String(EventCodec.encode(event.data()), StandardCharsets.UTF_8);
    }

    /** n of the next {@code <branch>-<sha7>-<n>}: one more than the rows of the branch so far (push order). */
    private static Uni<Long> nextBuildNumber(String repository, String branch) {
        return Build.count("repository = ?1 and branch = ?2", repository, branch)
                .map(count -> count + 1);
    }

    /** Queues a build; its number is one more than the builds of the branch so far. */
    private Uni<Build> enqueue(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        String branch = push.refType() == CommitPushed.RefType.BRANCH ? push.refName() : null;
        return nextBuildNumber(push.repository().fullName(), branch)
                .chain(number -> {
                    Build build = new Build();
                    build.id = "b-" + UUID.randomUUID();
                    build.repository = push.repository().fullName();
                    // the push keeps the URL as sent (the checkout needs it); what is shown and published has no
                    // credentials
                    build.cloneUrl =
                            BuildRows.withoutCredentials(push.repository().cloneUrl());
                    build.commit = push.after();
                    build.ref = push.ref();
                    build.branch = branch;
                    build.buildNumber = number;
                    build.status = Build.QUEUED;
                    build.causeEventId = event.attributes().id();
                    build.deliveryId = BuildRows.deliveryKey(push.deliveryId());
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
