package io.gitopsflow.writer.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopsflow.events.validation.ResourceNames;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * Asks Argo CD to refresh an Application now rather than at its next poll (3 minutes by default): sets the annotation
 * {@code argocd.argoproj.io/refresh: normal}, which the Argo CD controller acts on and removes. A failure is logged:
 * the commit is on the branch either way and Argo CD picks it up at its next poll.
 */
@ApplicationScoped
public class ArgoCdRefresher implements Consumer<String> {

    static final String ANNOTATION = "argocd.argoproj.io/refresh";

    private final Instance<KubernetesClient> client;

    public ArgoCdRefresher(Instance<KubernetesClient> client) {
        this.client = client;
    }

    /** @param application {@code namespace/name} of the Argo CD Application */
    @Override
    public void accept(String application) {
        String[] parts = application.split("/", 2);
        if (parts.length != 2) {
            Log.warnf("Argo CD application %s is not namespace/name: not refreshed", application);
            return;
        }
        try {
            ResourceNames.requireDnsLabel("namespace", parts[0]);
            ResourceNames.requireDnsLabel("application", parts[1]);
            client.get()
                    .genericKubernetesResources("argoproj.io/v1alpha1", "Application")
                    .inNamespace(parts[0])
                    .withName(parts[1])
                    .edit(resource -> {
                        if (resource.getMetadata().getAnnotations() == null) {
                            resource.getMetadata().setAnnotations(new HashMap<>());
                        }
                        resource.getMetadata().getAnnotations().put(ANNOTATION, "normal");
                        return resource;
                    });
            Log.infof("asked Argo CD to refresh %s", application);
        } catch (KubernetesClientException | IllegalArgumentException e) {
            Log.warnf("cannot ask Argo CD to refresh %s (it syncs at its next poll): %s", application, e.getMessage());
        }
    }
}
