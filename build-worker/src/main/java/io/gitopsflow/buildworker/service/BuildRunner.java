package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.BuildStatus;
import io.gitopsflow.buildworker.builder.PushedImage;
import io.gitopsflow.buildworker.repository.BuildRepository;
import io.gitopsflow.buildworker.retry.BuildRetries;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.messaging.EventTracing;
import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.messaging.work.DurableQueue.Claim;
import io.gitopsflow.messaging.work.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs one claimed build: the pipeline (or, when the commit was built for another ref already, a retag) on a blocking
 * thread, then stores the outcome, only while this instance still holds the build's lease. A build that failed for a
 * reason not its own (registry or Git host unreachable) goes back to the queue to be tried again after a backoff, until
 * its attempts are spent; only then does it end FAILED.
 */
@ApplicationScoped
public class BuildRunner {

    /** How long a build waits for its build-started to be acknowledged before it runs anyway. */
    static final Duration START_PUBLISH_WAIT = Duration.ofSeconds(2);

    private final BuildPipeline pipeline;
    private final BuildRepository builds;
    private final BuildRetries retries;
    private final OutboxRelay results;
    private final BuildStarts starts;
    private final MeterRegistry meters;
    private final EventTracing tracing;
    /**
     * The builds this instance runs now, each with its end: a claim of one of them (its own lease ran out while the
     * database was away) starts no second run, it waits for the first one to end, so the lease stays renewed.
     */
    private final Map<String, CompletableFuture<Void>> inProgress = new ConcurrentHashMap<>();

    public BuildRunner(
            BuildPipeline pipeline,
            BuildRepository builds,
            BuildRetries retries,
            OutboxRelay results,
            BuildStarts starts,
            MeterRegistry meters,
            EventTracing tracing) {
        this.pipeline = pipeline;
        this.builds = builds;
        this.retries = retries;
        this.results = results;
        this.starts = starts;
        this.meters = meters;
        this.tracing = tracing;
    }

    /**
     * The work on builds {@code owner} claimed (one at a time): each is run, stored, and its result published; one
     * queued again for a retry has no result yet.
     */
    public Uni<Void> run(List<Claim> unit, String owner, Executor blocking) {
        return Multi.createFrom()
                .iterable(unit)
                .onItem()
                .transformToUniAndConcatenate(claim -> runOnce(claim, owner, blocking))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> runOnce(Claim claim, String owner, Executor blocking) {
        String id = claim.id();
        CompletableFuture<Void> end = new CompletableFuture<>();
        CompletableFuture<Void> running = inProgress.putIfAbsent(id, end);
        if (running != null) {
            Log.infof("build %s: claimed again while it still runs here (its lease had run out); not run twice", id);
            return Uni.createFrom().completionStage(running);
        }
        return run(id, owner, blocking)
                .chain(stored -> stored != null && stored.finished()
                        ? results.publishNow(List.of(id))
                        : Uni.createFrom().voidItem())
                .eventually(() -> {
                    inProgress.remove(id);
                    end.complete(null);
                });
    }

    /**
     * A claimed build, the build of its commit for another ref whose image it only tags (or null), and the start its
     * claim stored (null when the claim is no longer this instance's).
     */
    record Claimed(Build build, Build sibling, String startId) {}

    /** What running a claimed build came to, and the build whose image it tagged (null when it built). */
    record Ran(BuildOutcome outcome, String retagOf) {}

    /**
     * Runs the build {@code id} that {@code owner} claimed, the blocking part on {@code blocking}, and stores the
     * outcome.
     *
     * @return the stored build (finished, or queued again for a retry); null when another instance took it over
     */
    public Uni<Build> run(String id, String owner, Executor blocking) {
        Executor backOnContext = VertxContexts.current();
        return claimed(id, owner).chain(claimed -> {
            // the start goes to Kafka while the build runs: the outcome is stored, and so the result published, only
            // after it (a consumer sees a build start before it ends)
            Uni<Void> started = publishStart(claimed).memoize().indefinitely();
            started.subscribe().with(ignored -> {}, failure -> {});
            Build build = claimed.build();
            Log.infof(
                    "build %s of %s@%s for %s started%s%s",
                    id,
                    build.repository,
                    build.commit,
                    build.ref,
                    build.attempts == 0 ? "" : " (attempt " + (build.attempts + 1) + ")",
                    claimed.sibling() == null ? "" : " (tagging the image of " + claimed.sibling().id + ")");
            Timer.Sample sample = Timer.start(meters);
            return Uni.createFrom()
                    // the build's span continues the push's trace (stored with the build); clone and build are its
                    // steps
                    .item(() -> tracing.stepBlocking(
                            "build " + build.repository, build.traceparent, () -> buildOrTag(claimed)))
                    .runSubscriptionOn(blocking)
                    .emitOn(backOnContext)
                    .call(() -> started)
                    .chain(ran -> store(id, owner, ran))
                    .invoke(stored -> count(id, stored, sample));
        });
    }

    /** The claimed build, locked while the start of this claim is stored with it (once per claim). */
    @WithTransaction
    Uni<Claimed> claimed(String id, String owner) {
        return builds.findForUpdate(id).chain(build -> {
            boolean ours =
                    build.status == BuildStatus.RUNNING && owner.equals(build.leaseOwner) && build.startedAt != null;
            Uni<String> start = ours ? starts.record(build) : Uni.createFrom().nullItem();
            return start.chain(
                    startId -> builds.builtSibling(build).map(sibling -> new Claimed(build, sibling, startId)));
        });
    }

    /**
     * The build-started of the claim, sent to Kafka while the build runs; a broker slower than {@link
     * #START_PUBLISH_WAIT}, or one that fails, does not hold the build's outcome up (the tick publishes the start, and
     * the result waits for it).
     */
    private Uni<Void> publishStart(Claimed claimed) {
        return claimed.startId() == null
                ? Uni.createFrom().voidItem()
                : starts.relay()
                        .publishNow(List.of(claimed.startId()))
                        .ifNoItem()
                        .after(START_PUBLISH_WAIT)
                        .recoverWithItem(() -> {
                            Log.infof("build %s: its start is not on Kafka yet; it runs", claimed.build().id);
                            return null;
                        })
                        .onFailure()
                        .recoverWithItem(failure -> {
                            Log.infof(
                                    "build %s: its start is not on Kafka yet (%s); it runs",
                                    claimed.build().id, failure.getMessage());
                            return null;
                        })
                        .replaceWithVoid();
    }

    /** Tags the image the sibling built, or builds the commit when there is none or it cannot be tagged. */
    private Ran buildOrTag(Claimed claimed) {
        Build build = claimed.build();
        CommitPushed push =
                EventCodec.decode(EventType.COMMIT_PUSHED, build.requestJson.getBytes(StandardCharsets.UTF_8));
        Build sibling = claimed.sibling();
        if (sibling != null) {
            PushedImage image =
                    new PushedImage(sibling.imageRepository, Arrays.asList(sibling.tags.split(",")), sibling.digest);
            Optional<BuildOutcome> tagged =
                    pipeline.retag(push, build.buildNumber, image, sibling.tags.split(",")[0]);
            if (tagged.isPresent()) {
                return new Ran(tagged.get(), sibling.id);
            }
        }
        return new Ran(pipeline.run(push, build.buildNumber, build.id), null);
    }

    /** Stores the outcome while {@code owner} still holds the build; null when another instance took it over. */
    @WithTransaction
    Uni<Build> store(String id, String owner, Ran ran) {
        return builds.findForUpdate(id).map(build -> {
            if (build == null || build.status != BuildStatus.RUNNING || !owner.equals(build.leaseOwner)) {
                Log.warnf("build %s: another instance holds it now; its result is not stored", id);
                return null;
            }
            BuildOutcome outcome = ran.outcome();
            Optional<Duration> retryAfter = outcome.retryable() ? retries.after(build.attempts + 1) : Optional.empty();
            if (retryAfter.isPresent()) {
                queueForRetry(build, outcome, retryAfter.get());
            } else {
                finish(build, ran, outcome);
            }
            return build;
        });
    }

    /** Back to the queue, to be claimed again once {@code after} passed; the reason says what it waits for. */
    private void queueForRetry(Build build, BuildOutcome outcome, Duration after) {
        build.attempts++;
        build.status = BuildStatus.QUEUED;
        build.retryAt = OffsetDateTime.now(ZoneOffset.UTC).plus(after);
        build.leaseOwner = null;
        build.leaseUntil = null;
        build.startedAt = null;
        build.failedStep = outcome.failedStep();
        build.reason = abbreviate("attempt " + build.attempts + " of " + retries.maxAttempts()
                + " failed, tried again in " + after.toMillis() + " ms: " + outcome.reason());
        build.logExcerpt = outcome.logExcerpt();
        Log.warnf(
                "build %s: %s failed for a reason not its own, tried again in %d ms (attempt %d of %d): %s",
                build.id,
                outcome.failedStep(),
                after.toMillis(),
                build.attempts,
                retries.maxAttempts(),
                outcome.reason());
    }

    private void finish(Build build, Ran ran, BuildOutcome outcome) {
        boolean spent = outcome.retryable();
        build.status = outcome.succeeded() ? BuildStatus.SUCCEEDED : BuildStatus.FAILED;
        build.retagOf = outcome.succeeded() ? ran.retagOf() : null;
        build.imageRepository = outcome.imageRepository();
        build.tags = String.join(",", outcome.tags());
        build.digest = outcome.digest();
        build.chartRepository = outcome.chart() == null ? null : outcome.chart().repository();
        build.chartVersion = outcome.chart() == null ? null : outcome.chart().version();
        build.chartDigest = outcome.chart() == null ? null : outcome.chart().digest();
        build.failedStep = outcome.failedStep();
        build.reason = spent
                ? abbreviate(outcome.reason() + " (gave up after " + (build.attempts + 1) + " attempts)")
                : outcome.reason();
        build.logExcerpt = outcome.logExcerpt();
        build.checkoutMillis = outcome.durations().checkoutMillis();
        build.buildMillis = outcome.durations().buildMillis();
        build.pushMillis = outcome.durations().pushMillis();
        build.totalMillis = outcome.durations().totalMillis();
        build.finishedAt = OffsetDateTime.now(ZoneOffset.UTC);
        build.leaseUntil = null;
        build.retryAt = null;
    }

    private void count(String id, Build stored, Timer.Sample sample) {
        if (stored == null) {
            return;
        }
        if (!stored.finished()) {
            meters.counter("gitopsflow.build.retries").increment();
            return;
        }
        String status = stored.status.name().toLowerCase(Locale.ROOT);
        sample.stop(meters.timer("gitopsflow.build.duration", "status", status));
        meters.counter("gitopsflow.builds", "status", status).increment();
        Log.infof("build %s ended %s in %d ms", id, stored.status, stored.totalMillis);
    }

    /** The reason column holds 2000 characters. */
    private static String abbreviate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }
}
