package io.gitopsflow.writer.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.config.WriterConfig;
import io.gitopsflow.writer.edit.ManifestEditors;
import io.gitopsflow.writer.git.CommitMessages;
import io.gitopsflow.writer.git.GitCredentials;
import io.gitopsflow.writer.git.GitIdentity;
import io.gitopsflow.writer.git.GitOpsWorkspace;
import io.gitopsflow.writer.git.PushRetry;
import io.gitopsflow.writer.git.RepositoryCredentials;
import io.gitopsflow.writer.git.WorkspaceSettings;
import io.gitopsflow.writer.pullrequest.GitHubPullRequests;
import io.gitopsflow.writer.pullrequest.GitLabMergeRequests;
import io.gitopsflow.writer.pullrequest.GiteaPullRequests;
import io.gitopsflow.writer.pullrequest.PullRequestProvider;
import io.gitopsflow.writer.pullrequest.PullRequestSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Writes the queued requests, one batch per repository+branch (+ pull request branch) at a time: every request of a
 * key queued when its write starts goes into that commit; those arriving during the write form the next one. Batches
 * are claimed with {@code FOR UPDATE SKIP LOCKED}, so instances sharing the database never write the same requests;
 * Git work runs on this dispatcher's own threads, never on the event loop. Answers are stored, then published; an
 * answer Kafka did not take is published again on the next tick, and a batch left by an instance that died is queued
 * again after {@code stale-after}.
 */
@ApplicationScoped
public class WriteDispatcher {

    private static final Logger LOG = Logger.getLogger(WriteDispatcher.class);

    private static final String CLAIM = "update manifest_write set status = 'WRITING', started_at = now()"
            + " where request_id in (select request_id from manifest_write where status = 'QUEUED' and target_key = $1"
            + " for update skip locked) returning request_id, request_json, correlation_id, traceparent, created_at";

    /** Every answer of a batch in one statement. */
    private static final String STORE = "update manifest_write m set status = a.status, commit_sha = a.commit_sha,"
            + " previous_value = a.previous_value, new_value = a.new_value, pull_request_url = a.pull_request_url,"
            + " reason = a.reason, batch_size = a.batch_size, attempts = a.attempts, updated_at = $10"
            + " from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],"
            + " $7::varchar[], $8::int[], $9::int[]) as a (request_id, status, commit_sha, previous_value, new_value,"
            + " pull_request_url, reason, batch_size, attempts) where m.request_id = a.request_id";

    private final BatchWriter writer;
    private final WriterResults results;
    private final Pool pool;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final int maxConcurrent;
    private final Duration staleAfter;
    private final ExecutorService writers;
    private final Set<String> writingKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> writingRequests = ConcurrentHashMap.newKeySet();
    private final long lingerNanos;
    private final long lingerMaxNanos;
    /** The pending linger timer (-1: none) and when its burst began; guarded by {@code this}. */
    private long lingerTimer = -1;

    private long lingerBegan;
    private final AtomicBoolean filling = new AtomicBoolean();
    private final AtomicBoolean wokenAgain = new AtomicBoolean();

    public WriteDispatcher(
            WriterConfig config,
            ArgoCdRefresher argoCd,
            WriterResults results,
            Pool pool,
            Vertx vertx,
            MeterRegistry meters) {
        if (config.maxConcurrentWrites() < 1) {
            throw new IllegalArgumentException("gitops-flow.writer.max-concurrent-writes must be at least 1");
        }
        this.results = results;
        this.pool = pool;
        this.vertx = vertx;
        this.meters = meters;
        this.maxConcurrent = config.maxConcurrentWrites();
        this.staleAfter = config.staleAfter();
        if (config.batchLinger().isNegative() || config.batchLingerMax().compareTo(config.batchLinger()) < 0) {
            throw new IllegalArgumentException(
                    "gitops-flow.writer.batch-linger must be at least 0 and at most batch-linger-max");
        }
        this.lingerNanos = config.batchLinger().toNanos();
        this.lingerMaxNanos = config.batchLingerMax().toNanos();
        RepositoryCredentials credentials = config.gitToken()
                .map(token -> RepositoryCredentials.everywhere(new GitCredentials(config.gitUsername(), token)))
                .orElse(RepositoryCredentials.none());
        GitIdentity author = new GitIdentity(config.authorName(), config.authorEmail());
        GitIdentity committer = new GitIdentity(
                config.committerName().orElse(config.authorName()),
                config.committerEmail().orElse(config.authorEmail()));
        PushRetry retry = new PushRetry(
                config.pushAttempts(), PushRetry.DEFAULT.initialBackoff(), PushRetry.DEFAULT.maxBackoff());
        this.writer = new BatchWriter(
                new GitOpsWorkspace(
                        new WorkspaceSettings(Path.of(config.workDirectory()), Duration.ofSeconds(60), retry),
                        credentials),
                ManifestEditors.standard(),
                new CommitMessages(config.commitSubject()),
                author,
                committer,
                config.allowedRepositories(),
                pullRequests(config.pullRequests()),
                config.pullRequests().repositoryPathPrefix().orElse(""),
                config.refreshArgoCd() ? argoCd : application -> {});
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(maxConcurrent, task -> {
            Thread thread = new Thread(task, "gitops-write-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static Optional<PullRequestProvider> pullRequests(WriterConfig.PullRequests config) {
        if (config.provider().isEmpty()) {
            return Optional.empty();
        }
        PullRequestSettings settings = PullRequestSettings.of(
                config.apiUrl()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "gitops-flow.writer.pull-requests.api-url is required with a provider")),
                config.token()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "gitops-flow.writer.pull-requests.token is required with a provider")));
        return Optional.of(
                switch (config.provider().get().toLowerCase(Locale.ROOT)) {
                    case "github" -> new GitHubPullRequests(settings);
                    case "gitea" -> new GiteaPullRequests(settings);
                    case "gitlab" -> new GitLabMergeRequests(settings);
                    default ->
                        throw new IllegalArgumentException(
                                "gitops-flow.writer.pull-requests.provider must be github, gitea or gitlab");
                });
    }

    /**
     * Called when requests were queued: starts their batches once no more requests have been queued for {@code
     * batch-linger} (at most {@code batch-linger-max} after the first), so a burst that reaches the writer over
     * several polls is written as one commit. While it lingers, the local clone of a branch this process has not
     * written yet is cloned and checked out, so the write that follows only fetches.
     *
     * @param requests the requests just queued
     */
    public void queued(List<PromotionRequested> requests) {
        if (lingerNanos == 0) {
            wake();
            return;
        }
        prepare(requests);
        long now = System.nanoTime();
        synchronized (this) {
            if (lingerTimer >= 0) {
                vertx.cancelTimer(lingerTimer);
            } else {
                lingerBegan = now;
            }
            long delay = Math.min(lingerNanos, lingerMaxNanos - (now - lingerBegan));
            if (delay <= 0) {
                lingerTimer = -1;
            } else {
                lingerTimer = vertx.setTimer(Math.max(1, delay / 1_000_000), this::lingered);
                return;
            }
        }
        wake();
    }

    /**
     * Readies the clones of the requests' branches on the writer threads (one task per branch in the poll; the
     * workspace leaves a clone already open or being written alone).
     */
    private void prepare(List<PromotionRequested> requests) {
        Map<String, PromotionRequested> byKey = new LinkedHashMap<>();
        requests.forEach(request -> byKey.putIfAbsent(BatchWriter.targetKey(request), request));
        for (PromotionRequested request : byKey.values()) {
            try {
                writers.execute(() -> {
                    try {
                        writer.prepare(request);
                    } catch (RuntimeException e) {
                        LOG.debugf(
                                "cannot ready the clone for %s: %s",
                                request.target().repositoryUrl(), e.getMessage());
                    }
                });
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private synchronized boolean lingering() {
        return lingerTimer >= 0;
    }

    private void lingered(long timer) {
        synchronized (this) {
            if (lingerTimer != timer) {
                return; // cancelled by a later poll meanwhile
            }
            lingerTimer = -1;
        }
        wake();
    }

    /**
     * Starts batches for the keys with queued requests; called when the queue may hold work: after a linger, when a
     * batch ends, on the tick. Wake-ups that come while a look at the queue is running are folded into one more look
     * after it, so a burst of requests costs a few queries, not one per request.
     */
    public void wake() {
        wokenAgain.set(true);
        if (filling.compareAndSet(false, true)) {
            fillWhileWoken();
        }
    }

    private void fillWhileWoken() {
        wokenAgain.set(false);
        VertxContexts.onNewContext(vertx, this::fill)
                .onTermination()
                .invoke(() -> {
                    filling.set(false);
                    if (wokenAgain.get() && filling.compareAndSet(false, true)) {
                        fillWhileWoken();
                    }
                })
                .subscribe()
                .with(ignored -> {}, failure -> LOG.warnf("cannot start queued writes: %s", failure.getMessage()));
    }

    /** The safety net: recovers stale batches, publishes answers Kafka did not take, starts what is queued. */
    @Scheduled(
            every = "${gitops-flow.writer.dispatch-interval:5s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return requeueStale()
                .chain(this::publishUnpublished)
                .chain(this::fill)
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.warnf("write dispatch tick failed: %s", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Claims and starts a batch per key with queued requests — unless a burst is still arriving: then its linger starts
     * it, as one batch, whoever asked (the tick, a batch that ended, a wake-up).
     */
    private Uni<Void> fill() {
        if (lingering()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("select distinct target_key from manifest_write where status = 'QUEUED'")
                .execute()
                .chain(rows -> {
                    List<Uni<Void>> claims = new ArrayList<>();
                    for (Row row : rows) {
                        String key = row.getString("target_key");
                        if (writingKeys.size() >= maxConcurrent || !writingKeys.add(key)) {
                            continue;
                        }
                        claims.add(claimAndStart(key));
                    }
                    return claims.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : Uni.join().all(claims).andCollectFailures().replaceWithVoid();
                });
    }

    private Uni<Void> claimAndStart(String key) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(key))
                .onFailure()
                .invoke(failure -> writingKeys.remove(key))
                .invoke(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(new Claimed(
                            row.getString("request_id"),
                            row.getString("request_json"),
                            row.getString("correlation_id"),
                            row.getString("traceparent"),
                            row.getOffsetDateTime("created_at"))));
                    if (claimed.isEmpty()) {
                        writingKeys.remove(key);
                        return;
                    }
                    // arrival order: a later request for the same file wins
                    claimed.sort(Comparator.comparing(Claimed::createdAt).thenComparing(Claimed::requestId));
                    List<String> ids = claimed.stream().map(Claimed::requestId).toList();
                    writingRequests.addAll(ids);
                    VertxContexts.onNewContext(vertx, () -> write(claimed))
                            .onTermination()
                            .invoke(() -> {
                                writingRequests.removeAll(ids);
                                writingKeys.remove(key);
                                wake();
                            })
                            .subscribe()
                            .with(
                                    ignored -> {},
                                    failure -> LOG.errorf(
                                            "a write of %d request(s) did not complete: %s (published or queued again"
                                                    + " by the next tick)",
                                            ids.size(), failure.getMessage()));
                })
                .replaceWithVoid();
    }

    /**
     * Writes one claimed batch: Git on a writer thread, then store every answer, then publish them, then {@code git gc
     * --auto} on the clone.
     */
    private Uni<Void> write(List<Claimed> claimed) {
        Executor backOnContext = VertxContexts.current();
        List<PromotionRequested> requests = claimed.stream()
                .map(write -> EventCodec.decode(
                        EventType.PROMOTION_REQUESTED, write.requestJson().getBytes(StandardCharsets.UTF_8)))
                .toList();
        Timer.Sample sample = Timer.start(meters);
        long began = System.nanoTime();
        return Uni.createFrom()
                .item(() -> writer.write(requests))
                .runSubscriptionOn(writers)
                .emitOn(backOnContext)
                .chain(answers -> {
                    sample.stop(meters.timer("gitopsflow.writer.write.duration"));
                    DistributionSummary.builder("gitopsflow.writer.batch.size")
                            .register(meters)
                            .record(requests.size());
                    long written = System.nanoTime();
                    return store(claimed, answers).chain(writes -> {
                        long stored = System.nanoTime();
                        return publishAndMark(writes, byId(requests))
                                .invoke(() -> LOG.debugf(
                                        "batch of %d: git %d ms, answers stored %d ms, published %d ms",
                                        requests.size(),
                                        (written - began) / 1_000_000,
                                        (stored - written) / 1_000_000,
                                        (System.nanoTime() - stored) / 1_000_000));
                    });
                })
                // the clone is packed once the answers are out (the next batch of this branch waits for it)
                .chain(() -> Uni.createFrom()
                        .item(() -> {
                            writer.housekeep(requests.get(0));
                            return null;
                        })
                        .runSubscriptionOn(writers)
                        .emitOn(backOnContext)
                        .onFailure()
                        .recoverWithNull())
                .replaceWithVoid();
    }

    private static Map<String, PromotionRequested> byId(List<PromotionRequested> requests) {
        Map<String, PromotionRequested> byId = new HashMap<>();
        requests.forEach(request -> byId.put(request.requestId(), request));
        return byId;
    }

    /** Stores every answer of the batch in one statement; returns the answered writes, ready to publish. */
    private Uni<List<ManifestWrite>> store(List<Claimed> claimed, Map<String, BatchWriter.Answer> answers) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ManifestWrite> writes = new ArrayList<>();
        for (Claimed request : claimed) {
            BatchWriter.Answer answer = answers.get(request.requestId());
            if (answer == null) {
                continue; // cannot happen: the writer answers every request it is given
            }
            ManifestWrite write = new ManifestWrite();
            write.requestId = request.requestId();
            write.requestJson = request.requestJson();
            write.correlationId = request.correlationId();
            write.traceparent = request.traceparent();
            write.createdAt = request.createdAt();
            write.status = answer.status();
            write.commit = answer.commit();
            write.previousValue = answer.previousValue();
            write.newValue = answer.newValue();
            write.pullRequestUrl = answer.pullRequestUrl();
            write.reason = answer.reason();
            write.batchSize = answer.batchSize();
            write.attempts = answer.attempts();
            write.updatedAt = now;
            writes.add(write);
        }
        int size = writes.size();
        String[] ids = new String[size];
        String[] statuses = new String[size];
        String[] commits = new String[size];
        String[] previous = new String[size];
        String[] values = new String[size];
        String[] pullRequests = new String[size];
        String[] reasons = new String[size];
        Integer[] batchSizes = new Integer[size];
        Integer[] attempts = new Integer[size];
        for (int i = 0; i < size; i++) {
            ManifestWrite write = writes.get(i);
            ids[i] = write.requestId;
            statuses[i] = write.status;
            commits[i] = write.commit;
            previous[i] = write.previousValue;
            values[i] = write.newValue;
            pullRequests[i] = write.pullRequestUrl;
            reasons[i] = write.reason;
            batchSizes[i] = write.batchSize;
            attempts[i] = write.attempts;
        }
        return pool.preparedQuery(STORE)
                .execute(Tuple.from(new Object[] {
                    ids, statuses, commits, previous, values, pullRequests, reasons, batchSizes, attempts, now
                }))
                .replaceWith(writes)
                .invoke(stored -> {
                    for (ManifestWrite write : stored) {
                        Counter.builder("gitopsflow.writer.requests")
                                .tag("status", write.status.toLowerCase(Locale.ROOT))
                                .register(meters)
                                .increment();
                        if (ManifestWrite.FAILED.equals(write.status)) {
                            LOG.warnf("request %s failed: %s", write.requestId, write.reason);
                        }
                    }
                });
    }

    /**
     * Publishes the answers at once (handed to Kafka in one go, which keeps their order within a partition) and marks
     * those Kafka took in one statement; an answer Kafka did not take stays unpublished and is sent again on the next
     * tick.
     */
    private Uni<Void> publishAndMark(List<ManifestWrite> writes) {
        return publishAndMark(writes, Map.of());
    }

    /** The same, with the requests already read ({@code requests} by request id; those missing are read again). */
    private Uni<Void> publishAndMark(List<ManifestWrite> writes, Map<String, PromotionRequested> requests) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> results.publishAll(writes, requests))
                .map(outcomes -> {
                    List<String> published = new ArrayList<>(writes.size());
                    for (int i = 0; i < writes.size(); i++) {
                        Throwable failure = outcomes.get(i);
                        if (failure == null) {
                            published.add(writes.get(i).requestId);
                        } else {
                            LOG.warnf(
                                    "the answer to %s is not published yet (sent again later): %s",
                                    writes.get(i).requestId, failure.getMessage());
                        }
                    }
                    return published;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "the answers to %d request(s) are not published yet (sent again later): %s",
                            writes.size(), failure.getMessage());
                    return List.of();
                })
                .chain(published -> published.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : pool.preparedQuery("update manifest_write set published = true where request_id = any($1)")
                                .execute(Tuple.of(published.toArray(String[]::new)))
                                .replaceWithVoid());
    }

    private Uni<Void> publishUnpublished() {
        return pool.preparedQuery(
                        "select request_id from manifest_write where published = false"
                                + " and status in ('COMMITTED', 'PR_OPENED', 'NO_CHANGE', 'FAILED') order by updated_at limit 200")
                .execute()
                .chain(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> {
                        String id = row.getString("request_id");
                        if (!writingRequests.contains(id)) {
                            ids.add(id);
                        }
                    });
                    if (ids.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return Panache.withSession(
                                    () -> ManifestWrite.<ManifestWrite>list("requestId in ?1 order by updatedAt", ids))
                            .chain(this::publishAndMark)
                            .invoke(ignored -> LOG.infof("published %d stored answer(s) again", ids.size()));
                });
    }

    private Uni<Void> requeueStale() {
        String[] mine = writingRequests.toArray(String[]::new);
        return pool.preparedQuery("update manifest_write set status = 'QUEUED', started_at = null"
                        + " where status = 'WRITING' and started_at < now() - make_interval(secs => $1)"
                        + " and not (request_id = any($2)) returning request_id")
                .execute(Tuple.of((double) staleAfter.toSeconds(), mine))
                .invoke(rows -> {
                    for (Row row : rows) {
                        LOG.warnf(
                                "request %s was left mid-write by an instance that stopped: queued again",
                                row.getString("request_id"));
                    }
                })
                .replaceWithVoid();
    }

    /** A request as claimed: what writing and answering it needs. */
    private record Claimed(
            String requestId, String requestJson, String correlationId, String traceparent, OffsetDateTime createdAt) {}

    void onStop(@Observes ShutdownEvent event) {
        writers.shutdownNow();
    }
}
