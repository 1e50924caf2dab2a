package io.gitopsflow.buildworker.builder;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.buildworker.retry.TransientFailures;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Builds on Kubernetes ({@code builder: kubernetes}): one {@code batch/v1} Job per build runs a Kaniko executor that
 * clones the exact commit, builds the Dockerfile (RUN and several stages included) and pushes every tag. The digest
 * comes back as the container's termination message (Kaniko's digest file is the termination log). The Job is deleted
 * afterwards, whatever the outcome; builds scale out with the cluster. The Kubernetes client is asked for on the first
 * build, so a worker whose builds all use another builder needs no cluster. It builds one platform per build (see
 * {@link KanikoJob}).
 */
@ApplicationScoped
public class KubernetesJobBuilder implements ImageBuilder {

    /** build.yaml's {@code builder: kubernetes}. */
    public static final String NAME = "kubernetes";

    /** The build container's name in the Job's pod. */
    public static final String CONTAINER = "build";

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String BUILD_ID_LABEL = "gitops-flow.io/build-id";

    private final Supplier<KubernetesClient> clients;
    private final Settings settings;
    private final KanikoJob jobs;
    private volatile Cluster cluster;

    /**
     * Where and how the build Jobs run.
     *
     * @param namespace the Jobs' namespace; the client's when null
     * @param executorImage the Kaniko executor image
     * @param deadline how long a Job may run; it is stopped and the build fails after that
     * @param gitSecret a {@code kubernetes.io/basic-auth} Secret (keys {@code username}, {@code password}) to clone
     *     with, for private repositories
     * @param registrySecret a {@code kubernetes.io/dockerconfigjson} Secret to pull and push with
     * @param serviceAccount the service account of the build pods; the namespace's default when empty
     * @param ttlAfterFinished how long a finished Job stays should deleting it fail
     * @param allowInsecureRegistries pull and push over plain HTTP (local registries)
     */
    public record Settings(
            String namespace,
            String executorImage,
            Duration deadline,
            Optional<String> gitSecret,
            Optional<String> registrySecret,
            Optional<String> serviceAccount,
            Duration ttlAfterFinished,
            boolean allowInsecureRegistries) {

        public Settings {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("the build deadline must be positive");
            }
            if (ttlAfterFinished.isNegative()) {
                throw new IllegalArgumentException("the ttl after a build finished must not be negative");
            }
        }

        /** The configured settings ({@code gitops-flow.build.kubernetes.*}). */
        static Settings of(BuildWorkerConfig config) {
            BuildWorkerConfig.Kubernetes kubernetes = config.kubernetes();
            return new Settings(
                    kubernetes.namespace().orElse(null),
                    kubernetes.executorImage(),
                    kubernetes.deadline(),
                    kubernetes.gitSecret(),
                    kubernetes.registrySecret(),
                    kubernetes.serviceAccount(),
                    kubernetes.ttlAfterFinished(),
                    config.allowInsecureRegistries());
        }
    }

    /** The client, the namespace the Jobs run in, and their pods: resolved on the first build. */
    private record Cluster(KubernetesClient client, String namespace, BuildJobPods pods) {}

    public KubernetesJobBuilder(KubernetesClient client, Settings settings) {
        this(() -> client, settings);
    }

    /** @param clients asked for a client only when a build names {@code builder: kubernetes} */
    @Inject
    public KubernetesJobBuilder(Instance<KubernetesClient> clients, BuildWorkerConfig config) {
        this(clients::get, Settings.of(config));
    }

    private KubernetesJobBuilder(Supplier<KubernetesClient> clients, Settings settings) {
        this.clients = clients;
        this.settings = settings;
        this.jobs = new KanikoJob(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The executor clones, builds and pushes in one pass; the reason tells which failed. */
    @Override
    public String failedStep() {
        return "build";
    }

    /**
     * Runs the build as a Job, follows it until it ends or the deadline passes, and deletes it.
     *
     * @throws ImageBuildException when the Job cannot be created, fails, reports no digest or outlives the deadline
     * @throws io.gitopsflow.buildworker.spec.InvalidBuildSpecException when build.yaml names several platforms
     */
    @Override
    public PushedImage build(BuildRequest request) {
        // before the cluster is asked anything: a spec this builder cannot build creates no Job
        KanikoJob.requireOnePlatform(request.spec());
        Cluster cluster = cluster();
        Job job = jobFor(request);
        String name = job.getMetadata().getName();
        start(job, request.buildId());
        // the clone URL as the Job has it: whatever credentials the webhook's URL carried are not logged
        Log.infof(
                "build %s: Job %s/%s builds %s of %s",
                request.buildId(), cluster.namespace(), name, request.commit(), KanikoJob.cloneUrl(request.cloneUrl()));
        try {
            Job ended = awaitEnd(name);
            if (BuildJobPods.succeeded(ended)) {
                return new PushedImage(
                        request.spec().imageRepository(),
                        request.tags(),
                        cluster.pods().digestOf(name));
            }
            throw new ImageBuildException(cluster.pods().failureOf(ended), null);
        } catch (KubernetesClientException e) {
            throw new ImageBuildException(
                    "the Kubernetes API failed while following the build Job " + name + ": " + e.getMessage(),
                    e,
                    isTransient(e));
        } finally {
            delete(name);
        }
    }

    /** The Job that builds {@code request}; it holds no secret value, only references to Secrets. */
    public Job jobFor(BuildRequest request) {
        return jobs.jobFor(request, cluster().namespace());
    }

    /** A DNS-1123 label from the build id, e.g. {@code gitops-flow-b-1b4e28ba-2fa1-11d2-883f-0016d3cca427}. */
    static String jobName(String buildId) {
        return KanikoJob.jobName(buildId);
    }

    /** {@code 30m}, {@code 1h30m}, {@code 1s}. */
    static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private Cluster cluster() {
        Cluster resolved = cluster;
        if (resolved == null) {
            synchronized (this) {
                if (cluster == null) {
                    KubernetesClient client = clients.get();
                    String configured = settings.namespace() != null ? settings.namespace() : client.getNamespace();
                    String namespace = configured != null ? configured : "default";
                    cluster = new Cluster(client, namespace, new BuildJobPods(client, namespace));
                }
                resolved = cluster;
            }
        }
        return resolved;
    }

    private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
        Cluster cluster = cluster();
        return cluster.client().batch().v1().jobs().inNamespace(cluster.namespace());
    }

    /** Creates the Job; a redelivered build finds its Job there already and follows it instead of building twice. */
    private void start(Job job, String buildId) {
        String name = job.getMetadata().getName();
        String namespace = cluster().namespace();
        try {
            jobs().resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new ImageBuildException(
                        "cannot create the build Job " + namespace + "/" + name + ": " + e.getMessage(),
                        e,
                        isTransient(e));
            }
            Job existing = jobs().withName(name).get();
            if (existing == null
                    || !buildId.equals(existing.getMetadata().getLabels().get(BUILD_ID_LABEL))) {
                throw new ImageBuildException(
                        "a Job named " + namespace + "/" + name + " exists and belongs to another build", e, false);
            }
            Log.infof("build %s: Job %s/%s exists already, following it", buildId, namespace, name);
        }
    }

    /** Follows the Job with an informer until it succeeded or failed, for at most the deadline. */
    private Job awaitEnd(String name) {
        CompletableFuture<List<Job>> ended =
                jobs().withName(name).informOnCondition(found -> found.isEmpty() || BuildJobPods.ended(found.get(0)));
        try {
            List<Job> found = ended.get(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
            if (found.isEmpty()) {
                throw new ImageBuildException("the build Job " + name + " was deleted before it finished", null);
            }
            return found.get(0);
        } catch (TimeoutException e) {
            throw new ImageBuildException(
                    "the build Job " + name + " did not finish within " + describe(settings.deadline())
                            + cluster().pods().podState(name),
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("the build was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ImageBuildException("cannot follow the build Job " + name + ": " + cause.getMessage(), cause);
        } finally {
            ended.cancel(true);
        }
    }

    /** Deletes the Job and, in the background, its pods; the Job's ttl removes it should this fail. */
    private void delete(String name) {
        try {
            jobs().withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            Log.warnf(
                    "cannot delete the build Job %s/%s, its ttl will remove it: %s",
                    cluster().namespace(), name, e.getMessage());
        }
    }

    /** The API unreachable or answering 5xx: the cluster is in trouble, not the build. */
    private static boolean isTransient(KubernetesClientException e) {
        return TransientFailures.isServerTrouble(e.getCode()) || TransientFailures.isTransient(e.getCause());
    }
}
