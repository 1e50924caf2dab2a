package io.gitopsflow.build.service;

import io.gitopsflow.build.Build;
import io.gitopsflow.build.messaging.BuildEvents;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Turns a {@code commit-pushed} into a build: a commit already built re-publishes its stored result (never builds
 * twice); otherwise the build is recorded, run off the event loop, its result stored, then published.
 */
@ApplicationScoped
public class BuildService {

    private static final Logger LOG = Logger.getLogger(BuildService.class);

    private final BuildPipeline pipeline;
    private final BuildEvents events;

    public BuildService(BuildPipeline pipeline, BuildEvents events) {
        this.pipeline = pipeline;
        this.events = events;
    }

    public Uni<Void> onCommitPushed(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        // the build blocks, so it runs on a worker; the database work after it goes back to this Vert.x context
        Context context = Vertx.currentContext();
        Executor backOnContext = command -> context.runOnContext(ignored -> command.run());
        return Panache.withTransaction(() -> Build.<Build>find(
                                "repository = ?1 and commit = ?2",
                                push.repository().fullName(),
                                push.after())
                        .firstResult())
                .chain(existing -> {
                    if (existing != null && existing.finished()) {
                        LOG.infof(
                                "commit %s of %s was built by %s: publishing its result again",
                                push.after(), push.repository().fullName(), existing.id);
                        return publish(existing, event.attributes());
                    }
                    Uni<Build> started = existing != null ? Uni.createFrom().item(existing) : start(event);
                    return started.chain(build -> Uni.createFrom()
                            .item(() -> pipeline.run(push, build.buildNumber))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .emitOn(backOnContext)
                            .chain(outcome -> finish(build.id, outcome))
                            .chain(finished -> publish(finished, event.attributes())));
                });
    }

    /** Records a running build; its number is one more than the builds of the branch so far. */
    private Uni<Build> start(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        String branch = push.refType() == CommitPushed.RefType.BRANCH ? push.refName() : null;
        return Panache.withTransaction(() -> Build.count(
                        "repository = ?1 and branch = ?2", push.repository().fullName(), branch)
                .chain(count -> {
                    Build build = new Build();
                    build.id = "b-" + UUID.randomUUID();
                    build.repository = push.repository().fullName();
                    build.cloneUrl = push.repository().cloneUrl();
                    build.commit = push.after();
                    build.ref = push.ref();
                    build.branch = branch;
                    build.buildNumber = count + 1;
                    build.status = Build.RUNNING;
                    build.correlationId = event.attributes().correlationId();
                    build.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                    return build.<Build>persist();
                }));
    }

    private Uni<Build> finish(String id, BuildPipeline.Outcome outcome) {
        return Panache.withTransaction(() -> Build.<Build>findById(id).invoke(build -> {
            build.status = outcome.succeeded() ? Build.SUCCEEDED : Build.FAILED;
            build.imageRepository = outcome.imageRepository();
            build.tags = String.join(",", outcome.tags());
            build.digest = outcome.digest();
            build.failedStep = outcome.failedStep();
            build.reason = outcome.reason();
            build.logExcerpt = outcome.logExcerpt();
            build.checkoutMillis = outcome.durations().checkoutMillis();
            build.buildMillis = outcome.durations().buildMillis();
            build.pushMillis = outcome.durations().pushMillis();
            build.totalMillis = outcome.durations().totalMillis();
            build.finishedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }));
    }

    /** Publishes a finished build's result, caused by the push that asked for it. */
    private Uni<Void> publish(Build build, CloudEventAttributes cause) {
        SourceCommit source = new SourceCommit(build.repository, build.cloneUrl, build.commit, build.ref);
        BuildDurations durations =
                new BuildDurations(build.checkoutMillis, build.buildMillis, build.pushMillis, build.totalMillis);
        if (Build.SUCCEEDED.equals(build.status)) {
            List<String> tags = Arrays.asList(build.tags.split(","));
            return events.imagePublished(
                    new ImagePublished(
                            build.imageRepository,
                            tags,
                            build.digest,
                            source,
                            build.id,
                            ImagePublished.Origin.BUILD_WORKER,
                            build.finishedAt.toInstant(),
                            durations),
                    cause);
        }
        return events.buildFailed(
                new BuildFailed(
                        build.id,
                        source,
                        build.failedStep,
                        build.reason,
                        build.logExcerpt,
                        build.finishedAt.toInstant(),
                        durations),
                cause);
    }
}
