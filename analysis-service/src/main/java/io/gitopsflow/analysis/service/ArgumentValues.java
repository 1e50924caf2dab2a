package io.gitopsflow.analysis.service;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopsflow.analysis.provider.MeasurementException;
import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.spec.analysis.AnalysisTemplate.SecretKeyRef;
import io.gitopsflow.spec.analysis.AnalysisTemplate.ValueFrom;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Reads the arguments a template takes {@code valueFrom} just before a measurement, as Argo's analysis controller
 * does on each reconcile: a {@code secretKeyRef} is the Secret's key in the run's namespace, read through the
 * Kubernetes API. The values live only in the {@link SecretArguments} of that one measurement.
 *
 * <p>What Argo cannot resolve ends the run Error with Argo's "Unable to resolve metric arguments" reason
 * ({@link UnresolvableArgumentException}): a Secret that is not there or that the service may not read, a key that
 * is not in it, and a {@code fieldRef}, which Argo resolves only against the Rollout that starts an analysis; a
 * verification run (Kargo's) has none, and Argo's controller then reports the argument "was not supplied". An API
 * that does not answer is an Error measurement, taken again later.
 */
@ApplicationScoped
public class ArgumentValues {

    private final Supplier<KubernetesClient> clients;

    @Inject
    public ArgumentValues(Instance<KubernetesClient> clients) {
        this.clients = clients::get;
    }

    /** Values read with {@code client}, for tests. */
    ArgumentValues(KubernetesClient client) {
        this.clients = () -> client;
    }

    /** An argument Argo would not resolve either: the run ends Error with this reason (no value in it). */
    public static class UnresolvableArgumentException extends RuntimeException {
        public UnresolvableArgumentException(String message) {
            super(message);
        }
    }

    /** The values of {@code args} (by name) read in {@code namespace}; none when there are none to read. */
    public Uni<SecretArguments> read(String namespace, Map<String, ValueFrom> args) {
        if (args.isEmpty()) {
            return Uni.createFrom().item(SecretArguments.NONE);
        }
        Executor back = VertxContexts.backHere();
        return Uni.createFrom()
                .item(() -> readNow(namespace, args))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(back);
    }

    private SecretArguments readNow(String namespace, Map<String, ValueFrom> args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, ValueFrom> arg : args.entrySet()) {
            ValueFrom from = arg.getValue();
            if (from.secretKeyRef() == null) {
                String field = from.fieldRef() == null
                        ? ""
                        : " (valueFrom.fieldRef " + from.fieldRef().fieldPath() + ")";
                throw new UnresolvableArgumentException("argument \"" + arg.getKey() + "\" was not supplied" + field
                        + ": a fieldRef is read from the Rollout that starts an analysis, and a stage's verification"
                        + " has none; pass the argument's value from the stage instead");
            }
            values.put(arg.getKey(), secretValue(namespace, from.secretKeyRef()));
        }
        return new SecretArguments(values);
    }

    private String secretValue(String namespace, SecretKeyRef ref) {
        Secret secret;
        try {
            secret = clients.get()
                    .secrets()
                    .inNamespace(namespace)
                    .withName(ref.name())
                    .get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403) {
                throw new UnresolvableArgumentException("secrets \"" + ref.name() + "\" in namespace " + namespace
                        + " cannot be read (HTTP " + e.getCode() + "): the service account needs get on secrets there");
            }
            throw new MeasurementException(
                    "secret " + namespace + "/" + ref.name() + " could not be read: HTTP " + e.getCode(), e);
        }
        if (secret == null) {
            throw new UnresolvableArgumentException(
                    "secrets \"" + ref.name() + "\" not found in namespace " + namespace);
        }
        String encoded = secret.getData() == null ? null : secret.getData().get(ref.key());
        if (encoded == null) {
            throw new UnresolvableArgumentException(
                    "key '" + ref.key() + "' does not exist in secret '" + ref.name() + "'");
        }
        return new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
