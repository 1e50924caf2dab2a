package io.gitopsflow.promotion.service;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The health gate: reads an Argo CD Application through the Kubernetes API. The stage is healthy when the
 * Application is synced to a commit the promotion wrote and its health is {@code Healthy}. Only reads: gitops-flow
 * never writes to a cluster what Git does not say.
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

    /** Null when healthy, otherwise what is not yet so. The Kubernetes client blocks: it runs on a worker. */
    public Uni<String> check(Stage.HealthGate gate, List<String> writtenCommits) {
        return Uni.createFrom()
                .item(() -> read(gate, writtenCommits))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private String read(Stage.HealthGate gate, List<String> writtenCommits) {
        String application = gate.namespace() + "/" + gate.name();
        GenericKubernetesResource resource;
        try {
            resource = kubernetes
                    .genericKubernetesResources(APPLICATIONS)
                    .inNamespace(gate.namespace())
                    .withName(gate.name())
                    .get();
        } catch (RuntimeException e) {
            return "cannot read Argo CD Application " + application + ": " + e.getMessage();
        }
        if (resource == null) {
            return "Argo CD Application " + application + " does not exist";
        }
        Map<String, Object> status = map(resource.getAdditionalProperties().get("status"));
        String revision = text(map(status.get("sync")).get("revision"));
        String health = text(map(status.get("health")).get("status"));
        if (revision == null || !writtenCommits.contains(revision)) {
            return "Argo CD Application " + application + " is synced to " + revision + ", not to " + writtenCommits;
        }
        if (!"Healthy".equals(health)) {
            return "Argo CD Application " + application + " is " + health + ", not Healthy";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
