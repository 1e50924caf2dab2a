package io.gitopsflow.writer.service;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitopsflow.events.argocd.ArgoCdSyncOperation;
import io.gitopsflow.events.validation.ResourceNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * After a write, asks Argo CD through the Kubernetes API to refresh the target's Application now rather than at its
 * next poll (the annotation {@code argocd.argoproj.io/refresh: normal}, which the controller acts on and removes) and,
 * when the target says {@code sync}, to sync it to the written commit ({@link ArgoCdSyncOperation}), so an Application
 * with manual sync moves too. Each request is bounded by the target's timeout and never fails the write: the commit is
 * on the branch either way. This is the fast path, tried once: a sync that could not be requested (API unreachable, an
 * error, the timeout) is requested again by promotion-service's health gate, which waits on that Application, checks
 * it every reconcile pass and records the request in the promotion's audit trail (a retry kept here would be lost
 * when the instance stops, and could sync a second time behind the gate's back).
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

    private final Instance<KubernetesClient> client;
    private final MeterRegistry meters;
    private final ExecutorService calls = Executors.newCachedThreadPool(daemon("argo-cd-call"));

    public ArgoCdRefresher(Instance<KubernetesClient> client, MeterRegistry meters) {
        this.client = client;
        this.meters = meters;
    }

    @PreDestroy
    void stop() {
        calls.shutdownNow();
    }

    @Override
    public void accept(ArgoCdRequest request) {
        request(request);
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
        Map<String, Object> fields = application.getAdditionalProperties();
        String busy = request.sync() ? ArgoCdSyncOperation.busy(fields, request.revision()) : null;
        boolean sync = request.sync() && busy == null;
        Map<String, Object> patch = ArgoCdSyncOperation.patch(
                application.getMetadata().getResourceVersion(),
                fields,
                request.refresh(),
                sync
                        ? new ArgoCdSyncOperation.Sync(request.repositoryUrl(), request.revision(), request.reason())
                        : null);
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
                request.sync()
                        ? ", a health gate waiting on it requests the sync again"
                        : ", Argo CD syncs at its next poll");
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
