package io.gitopsflow.gateway.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;

/**
 * The digest a tag points at, read from the registry's HTTP API with Jib's registry client (its bearer-token
 * challenge included), for webhooks that name a tag but no digest: Docker Hub's.
 */
@ApplicationScoped
public class RegistryDigests {

    private final GatewayConfig.DockerHub dockerHub;

    public RegistryDigests(GatewayConfig config) {
        this.dockerHub = config.dockerHub();
    }

    /**
     * The digest of {@code repository:tag} on Docker Hub (or its configured mirror), empty when the tag is not there;
     * a failure when the registry cannot be read (unreachable, refused): the caller answers 503 so Docker Hub or the
     * operator tries again.
     */
    public Uni<Optional<String>> dockerHubDigest(String repository, String tag) {
        return Uni.createFrom()
                .item(() -> lookUp(repository, tag))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Optional<String> lookUp(String repository, String tag) {
        FailoverHttpClient http = new FailoverHttpClient(dockerHub.insecure(), dockerHub.insecure(), event -> {});
        try {
            RegistryClient.Factory factory =
                    RegistryClient.factory(EventHandlers.NONE, dockerHub.registry(), repository, http);
            if (dockerHub.username().isPresent() && dockerHub.accessToken().isPresent()) {
                factory.setCredential(Credential.from(
                        dockerHub.username().get(), dockerHub.accessToken().get()));
            }
            RegistryClient client =
                    factory.setUserAgent("gitops-flow-event-gateway").newRegistryClient();
            client.doPullBearerAuth();
            return client.checkManifest(tag).map(ManifestAndDigest::getDigest).map(Object::toString);
        } catch (IOException | RegistryException e) {
            throw new RegistryUnavailableException(
                    "cannot read " + repository + ":" + tag + " from " + dockerHub.registry() + ": " + reason(e), e);
        } finally {
            try {
                http.shutDown();
            } catch (IOException e) {
                // nothing held open is left to close
            }
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The registry could not be read: an outage, answered 503 so the tag is looked up again later. */
    public static class RegistryUnavailableException extends RuntimeException {
        public RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
