package io.gitopsflow.promotion.service;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gitopsflow.events.argocd.ArgoCdSyncOperation;
import io.gitopsflow.spec.pipeline.Stage;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The health gate: reads an Argo CD Application through the Kubernetes API. The stage is healthy when the
 * Application is synced to a commit the promotion wrote and its health is {@code Healthy}. When it is not there yet
 * and the stage's target asks for a sync, the sync is requested here (the Application's {@code operation}, as
 * gitops-writer sets it: {@link ArgoCdSyncOperation}) unless an operation is requested or running or the Application
 * reached the commit: so a merged pull request gets its sync, and a request gitops-writer could not make is made at a
 * later check. The only write is that operation, naming a commit of Git: gitops-flow never writes to a cluster what
 * Git does not say.
 */
@ApplicationScoped
public class ArgoCdHealth {

    /** Named in full, so no API discovery (which a locked-down service account may not be allowed) is needed. */
    public static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Application")
            .withPlural("applications")
            .withNamespaced(true)
            .build();

    private final KubernetesClient kubernetes;

    public ArgoCdHealth(KubernetesClient kubernetes) {
        this.kubernetes = kubernetes;
    }

    /**
     * What the gate finds, requesting {@code sync} when it is wanted (null: never). The Kubernetes client blocks: it
     * runs on a worker, and with a sync within its target's timeout (past it, the check is a problem, asked again
     * at the next check).
     */
    public Uni<GateReading> check(Stage.HealthGate gate, List<String> writtenCommits, GateSync sync) {
        Uni<GateReading> reading = Uni.createFrom()
                .item(() -> read(gate, writtenCommits, sync))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        if (sync == null) {
            return reading;
        }
        return reading.ifNoItem()
                .after(sync.timeout())
                .recoverWithItem(() -> GateReading.of("the Kubernetes API gave no answer within " + sync.timeout()));
    }

    private GateReading read(Stage.HealthGate gate, List<String> writtenCommits, GateSync sync) {
        String application = gate.namespace() + "/" + gate.name();
        GenericKubernetesResource resource;
        try {
            resource = kubernetes
                    .genericKubernetesResources(APPLICATIONS)
                    .inNamespace(gate.namespace())
                    .withName(gate.name())
                    .get();
        } catch (RuntimeException e) {
            return GateReading.of("cannot read Argo CD Application " + application + ": " + e.getMessage());
        }
        if (resource == null) {
            return GateReading.of("Argo CD Application " + application + " does not exist");
        }
        String problem = problem(application, resource.getAdditionalProperties(), writtenCommits);
        if (problem == null || sync == null) {
            return GateReading.of(problem);
        }
        return requestSync(gate, resource, sync, problem);
    }

    /** Null when synced to a written commit and Healthy, otherwise what is not yet so. */
    private static String problem(String application, Map<String, Object> fields, List<String> writtenCommits) {
        Map<String, Object> status = map(fields.get("status"));
        Map<String, Object> sync = map(status.get("sync"));
        String revision = text(sync.get("revision"));
        String health = text(map(status.get("health")).get("status"));
        if (revision == null || !writtenCommits.contains(revision)) {
            return "Argo CD Application " + application + " is synced to " + revision + ", not to " + writtenCommits;
        }
        if (!"Synced".equals(sync.get("status"))) {
            return "Argo CD Application " + application + " is " + sync.get("status") + " at " + revision;
        }
        if (!"Healthy".equals(health)) {
            return "Argo CD Application " + application + " is " + health + ", not Healthy";
        }
        return null;
    }

    /**
     * Sets the Application's sync operation when none is requested or running and it did not reach the revision,
     * and this promotion has requests left; a refusal (409: it changed since it was read) or an error is retried at
     * the next check.
     */
    private GateReading requestSync(
            Stage.HealthGate gate, GenericKubernetesResource resource, GateSync sync, String problem) {
        Map<String, Object> fields = resource.getAdditionalProperties();
        String busy = ArgoCdSyncOperation.busy(fields, sync.revision());
        if (busy != null) {
            return GateReading.of(problem + " (sync not requested: " + busy + ")");
        }
        if (!sync.mayRequest()) {
            return GateReading.of(problem + " (a sync to " + sync.revision() + " was requested "
                    + sync.requestedBefore() + " times and did not reach it)");
        }
        Map<String, Object> patch =
                ArgoCdSyncOperation.patch(resource.getMetadata().getResourceVersion(), fields, false, sync.sync());
        try {
            kubernetes
                    .genericKubernetesResources(APPLICATIONS)
                    .inNamespace(gate.namespace())
                    .withName(gate.name())
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            kubernetes.getKubernetesSerialization().asJson(patch));
        } catch (RuntimeException e) {
            Log.warnf(
                    "cannot request the sync of Argo CD Application %s/%s to %s, asked again at the next check: %s",
                    gate.namespace(), gate.name(), sync.revision(), e.getMessage());
            return GateReading.of(problem + " (sync not requested: " + e.getMessage() + ")");
        }
        Log.infof("asked Argo CD to sync %s/%s to %s", gate.namespace(), gate.name(), sync.revision());
        return new GateReading(problem, sync.revision());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
