package io.gitopsflow.buildworker.chart;

import io.gitopsflow.buildworker.builder.JibImageBuilder.RegistryCredentials;
import io.gitopsflow.buildworker.retry.TransientFailures;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import land.oras.ContainerRef;
import land.oras.Manifest;
import land.oras.Registry;
import land.oras.auth.NoAuthProvider;
import land.oras.auth.UsernamePasswordProvider;
import land.oras.exception.OrasException;

/**
 * Pushes a {@link HelmChartArtifact} to an OCI registry with the ORAS Java SDK (the distribution API: blob uploads,
 * then the manifest under the version's tag, with the registry's token or basic auth): the same credentials and the
 * same plain-HTTP allowance as the image push. A registry that cannot be reached or answers 5xx is a transient
 * failure, retried like an image push; any other refusal fails the build at step {@code chart}.
 */
public final class OciChartPusher {

    private final boolean allowInsecureRegistries;
    private final Optional<RegistryCredentials> credentials;

    /**
     * @param allowInsecureRegistries talk plain HTTP to the registry (local registries)
     * @param credentials sent to that registry host only
     */
    public OciChartPusher(boolean allowInsecureRegistries, Optional<RegistryCredentials> credentials) {
        this.allowInsecureRegistries = allowInsecureRegistries;
        this.credentials = credentials;
    }

    /**
     * Pushes the chart to {@code repository} (e.g. {@code registry.local:5000/acme/charts/books-api}) under its tag.
     *
     * @return the manifest's digest, as the registry stored it
     */
    public String push(String repository, HelmChartArtifact chart) {
        ContainerRef ref = ContainerRef.parse(repository + ":" + chart.tag());
        Registry registry = registryFor(ref.getRegistry());
        try {
            registry.pushBlob(ref, chart.config());
            registry.pushBlob(ref, chart.content());
            Manifest manifest = Manifest.fromJson(new String(chart.manifest(), StandardCharsets.UTF_8));
            registry.pushManifest(ref, manifest);
            return registry.probeDescriptor(ref).getDigest();
        } catch (OrasException e) {
            throw new ChartException(
                    "the registry refused the chart " + repository + ":" + chart.tag() + ": " + e.getMessage(),
                    e,
                    registryDown(e));
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw new ChartException(
                        "the registry could not be reached to push " + repository + ": " + e.getMessage(), e, true);
            }
            throw e;
        }
    }

    /** Unreachable (ORAS reports a connection failure as its cause, after its own retries), or a 5xx or 429. */
    static boolean registryDown(OrasException e) {
        Integer status = e.getStatusCode();
        return TransientFailures.isTransient(e) || (status != null && TransientFailures.isServerTrouble(status));
    }

    private Registry registryFor(String host) {
        Registry.Builder builder = Registry.builder().withRegistry(host).withInsecure(allowInsecureRegistries);
        return credentials
                .filter(c -> c.host().equals(host))
                .map(c -> builder.withAuthProvider(new UsernamePasswordProvider(c.username(), c.password())))
                .orElseGet(() -> builder.withAuthProvider(new NoAuthProvider()))
                .build();
    }
}
