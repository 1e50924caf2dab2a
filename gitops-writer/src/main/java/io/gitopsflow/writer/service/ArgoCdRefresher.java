package io.gitopsflow.writer.service;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitopsflow.events.validation.ResourceNames;
import io.gitopsflow.writer.config.WriterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * After a write, asks Argo CD through the Kubernetes API to refresh the target's Application now rather than at its
 * next poll (the annotation {@code argocd.argoproj.io/refresh: normal}, which the controller acts on and removes) and,
 * when the target says {@code sync}, to sync it to the written commit ({@link ArgoCdSyncOperation}), so an Application
 * with manual sync moves too. Each request is bounded by the target's timeout and never fails the write: the commit is
 * on the branch either way. A sync that could not be requested (API unreachable, an error, the timeout) is tried again
 * every {@code argo-cd-retry-interval} until {@code argo-cd-retry-for} has passed, unless a newer write to the same
 * Application replaced it; pending retries live in memory and are lost when the instance stops.
 */
@ApplicationScoped
public class ArgoCdRefresher implements Consumer<ArgoCdRequest> {

    static final String ANNOTATION = ArgoCdSyncOperation.REFRESH_ANNOTATION;

    /** What became of one request; the counter {@code gitops_writer_argocd_requests_total} is tagged with it. */
    enum Outcome {
        REFRESHED,
        SYNC_REQUESTED,
        SYNC_ALREADY_RUNNING,
        MISSING,
        INVALID,
        FAILED
    }

    private record Pending(ArgoCdRequest request, Instant giveUpAt) {}

    private final Instance<KubernetesClient> client;
    private final MeterRegistry meters;
    private final Duration retryInterval;
    private final Duration retryFor;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newCachedThreadPool(daemon("argo-cd-call"));
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(daemon("argo-cd-retry"));

    public ArgoCdRefresher(Instance<KubernetesClient> client, MeterRegistry meters, WriterConfig config) {
        this.client = client;
        this.meters = meters;
        this.retryInterval = config.argoCdRetryInterval();
        this.retryFor = config.argoCdRetryFor();
    }

    @PostConstruct
    void start() {
        long every = Math.max(1, retryInterval.toMillis());
        retries.scheduleWithFixedDelay(this::retryPending, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
        calls.shutdownNow();
    }

    @Override
    public void accept(ArgoCdRequest request) {
        pending.remove(request.application());
        Outcome outcome = request(request);
        if (outcome == Outcome.FAILED && request.sync()) {
            pending.put(
                    request.application(), new Pending(request, Instant.now().plus(retryFor)));
        }
    }

    /** Requests again the syncs that failed, unless a newer write replaced them; gives up after the retry time. */
    void retryPending() {
        for (Pending retry : pending.values()) {
            if (Instant.now().isAfter(retry.giveUpAt())) {
                pending.remove(retry.request().application(), retry);
                Log.warnf(
                        "gave up asking Argo CD to sync %s to %s",
                        retry.request().application(), retry.request().revision());
                continue;
            }
            if (request(retry.request()) != Outcome.FAILED) {
                pending.remove(retry.request().application(), retry);
            }
        }
    }

    /** How many syncs wait to be requested again. */
    int pendingRetries() {
        return pending.size();
    }

    /** One try, within the request's timeout; never throws. */
    Outcome request(ArgoCdRequest request) {
        Outcome outcome;
        String[] parts = request.application().split("/", 2);
        if (parts.length != 2 || !validNames(parts)) {
            Log.warnf("Argo CD application %s is not namespace/name: not refreshed", request.application());
            outcome = Outcome.INVALID;
        } else {
            Future<Outcome> call = calls.submit(() -> apply(parts[0], parts[1], request));
            try {
                outcome = call.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                outcome = failed(request, "no answer within " + request.timeout());
            } catch (ExecutionException e) {
                outcome = failed(request, String.valueOf(e.getCause().getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = failed(request, "interrupted");
            }
        }
        meters.counter(
                        "gitops.writer.argocd.requests",
                        "outcome",
                        outcome.name().toLowerCase())
                .increment();
        return outcome;
    }

    private Outcome apply(String namespace, String name, ArgoCdRequest request) {
        Resource<GenericKubernetesResource> resource = client.get()
                .genericKubernetesResources("argoproj.io/v1alpha1", "Application")
                .inNamespace(namespace)
                .withName(name);
        GenericKubernetesResource application;
        try {
            application = resource.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                application = null;
            } else {
                throw e;
            }
        }
        if (application == null) {
            Log.warnf("Argo CD application %s does not exist (Argo CD syncs at its next poll)", request.application());
            return Outcome.MISSING;
        }
        String busy = request.sync() ? ArgoCdSyncOperation.busy(application, request.revision()) : null;
        boolean sync = request.sync() && busy == null;
        Map<String, Object> patch = ArgoCdSyncOperation.patch(application, request, sync);
        if (!patch.isEmpty()) {
            resource.patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    client.get().getKubernetesSerialization().asJson(patch));
        }
        if (sync) {
            Log.infof(
                    "asked Argo CD to sync %s to %s (%s)", request.application(), request.revision(), request.reason());
            return Outcome.SYNC_REQUESTED;
        }
        if (busy != null) {
            Log.infof("did not ask Argo CD to sync %s: %s (sync already running)", request.application(), busy);
            return Outcome.SYNC_ALREADY_RUNNING;
        }
        Log.infof("asked Argo CD to refresh %s", request.application());
        return Outcome.REFRESHED;
    }

    private static Outcome failed(ArgoCdRequest request, String why) {
        Log.warnf(
                "cannot reach Argo CD's Application %s through the Kubernetes API (%s): the write stands%s",
                request.application(),
                why,
                request.sync() ? ", the sync is requested again later" : ", Argo CD syncs at its next poll");
        return Outcome.FAILED;
    }

    private static boolean validNames(String[] parts) {
        try {
            ResourceNames.requireDnsLabel("namespace", parts[0]);
            ResourceNames.requireDnsLabel("application", parts[1]);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
