package io.gitopsflow.buildworker.builder;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;
import java.util.Optional;

/**
 * A Jib registry client for one repository, authenticated for pulling or pushing with the credentials configured for
 * its host (and no others): what the retagger and the image index share, so both talk to the registry as Jib's own
 * build does (HTTPS, the insecure-registry fallback, bearer or basic authentication).
 */
final class RegistryConnection implements AutoCloseable {

    private final FailoverHttpClient http;
    private final RegistryClient client;

    private RegistryConnection(FailoverHttpClient http, RegistryClient client) {
        this.http = http;
        this.client = client;
    }

    /** A client that may push to {@code image}'s repository. */
    static RegistryConnection toPush(
            ImageReference image,
            boolean allowInsecureRegistries,
            Optional<JibImageBuilder.RegistryCredentials> credentials)
            throws IOException, RegistryException {
        return open(image, allowInsecureRegistries, credentials, true);
    }

    /** A client that may pull from {@code image}'s repository. */
    static RegistryConnection toPull(
            ImageReference image,
            boolean allowInsecureRegistries,
            Optional<JibImageBuilder.RegistryCredentials> credentials)
            throws IOException, RegistryException {
        return open(image, allowInsecureRegistries, credentials, false);
    }

    private static RegistryConnection open(
            ImageReference image,
            boolean allowInsecureRegistries,
            Optional<JibImageBuilder.RegistryCredentials> credentials,
            boolean push)
            throws IOException, RegistryException {
        Credential credential = credentials
                .filter(c -> image.getRegistry().equals(c.host()))
                .map(c -> Credential.from(c.username(), c.password()))
                .orElse(null);
        FailoverHttpClient http = new FailoverHttpClient(allowInsecureRegistries, allowInsecureRegistries, log -> {});
        try {
            RegistryClient.Factory factory = RegistryClient.factory(
                            EventHandlers.NONE, image.getRegistry(), image.getRepository(), http)
                    .setUserAgent("gitops-flow");
            if (credential != null) {
                factory.setCredential(credential);
            }
            RegistryClient client = factory.newRegistryClient();
            boolean bearer = push ? client.doPushBearerAuth() : client.doPullBearerAuth();
            if (!bearer && credential != null) {
                client.configureBasicAuth();
            }
            return new RegistryConnection(http, client);
        } catch (IOException | RegistryException | RuntimeException e) {
            http.shutDown();
            throw e;
        }
    }

    RegistryClient client() {
        return client;
    }

    @Override
    public void close() throws IOException {
        http.shutDown();
    }
}
