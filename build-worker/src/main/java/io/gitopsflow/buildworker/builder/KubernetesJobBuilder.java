package io.gitopsflow.buildworker.builder;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.gitopsflow.buildworker.spec.BuildSpec;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Builds on Kubernetes: one {@code batch/v1} Job per build runs a Kaniko executor that clones the exact commit, builds
 * the Dockerfile (RUN and several stages included) and pushes every tag. The digest comes back as the container's
 * termination message (Kaniko's digest file is the termination log). The Job is deleted afterwards, whatever the
 * outcome; builds scale out with the cluster.
 */
public final class KubernetesJobBuilder implements ImageBuilder {

    private static final Logger LOG = Logger.getLogger(KubernetesJobBuilder.class);

    /** The build container's name in the Job's pod. */
    public static final String CONTAINER = "build";

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String BUILD_ID_LABEL = "gitops-flow.io/build-id";

    /** Set by the Job controller on its pods; the unprefixed one is what clusters before 1.27 set. */
    private static final List<String> JOB_NAME_LABELS = List.of("batch.kubernetes.io/job-name", "job-name");

    /** Where Kaniko clones a git context to (its {@code --kaniko-dir} is left at {@code /kaniko}). */
    private static final String KANIKO_CONTEXT_FOLDER = "/kaniko/buildcontext/";

    private static final String DOCKER_CONFIG_FOLDER = "/kaniko/.docker/";
    private static final String TERMINATION_LOG = "/dev/termination-log";

    /** File mode 0400. */
    static final int OWNER_READ_ONLY = 0400;

    private static final String REGISTRY_VOLUME = "registry-credentials";
    private static final int MAX_MESSAGE = 1500;
    private static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final KubernetesClient client;
    private final Settings settings;
    private final String namespace;

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
    }

    public KubernetesJobBuilder(KubernetesClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        String configured = settings.namespace() != null ? settings.namespace() : client.getNamespace();
        this.namespace = configured != null ? configured : "default";
    }

    @Override
    public BuildSpec.Builder kind() {
        return BuildSpec.Builder.KUBERNETES;
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
     */
    @Override
    public PushedImage build(BuildRequest request) {
        Job job = jobFor(request);
        String name = job.getMetadata().getName();
        start(job, request.buildId());
        // the clone URL as the Job has it: whatever credentials the webhook's URL carried are not logged
        LOG.infof(
                "build %s: Job %s/%s builds %s of %s",
                request.buildId(), namespace, name, request.commit(), cloneUrl(request.cloneUrl()));
        try {
            Job ended = awaitEnd(name);
            if (succeeded(ended)) {
                return new PushedImage(request.spec().imageRepository(), request.tags(), digestOf(name));
            }
            throw new ImageBuildException(failureOf(ended), null);
        } catch (KubernetesClientException e) {
            throw new ImageBuildException(
                    "the Kubernetes API failed while following the build Job " + name + ": " + e.getMessage(), e);
        } finally {
            delete(name);
        }
    }

    /** The Job that builds {@code request}; it holds no secret value, only references to Secrets. */
    public Job jobFor(BuildRequest request) {
        String buildId = request.buildId();
        if (buildId == null || !BUILD_ID.matcher(buildId).matches()) {
            throw new IllegalArgumentException("build id " + buildId + " cannot label a Kubernetes Job");
        }
        URI source = cloneUrl(request.cloneUrl());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY_LABEL, "gitops-flow");
        labels.put(COMPONENT_LABEL, "build");
        labels.put(BUILD_ID_LABEL, buildId);

        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("GIT_PULL_METHOD", source.getScheme(), null));
        settings.gitSecret().ifPresent(secret -> {
            env.add(secretEnv("GIT_USERNAME", secret, "username"));
            env.add(secretEnv("GIT_PASSWORD", secret, "password"));
        });
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(settings.executorImage())
                .withArgs(executorArgs(request, source))
                .withEnv(env)
                .withTerminationMessagePath(TERMINATION_LOG)
                // a failed executor writes no digest: the end of its log becomes the message instead
                .withTerminationMessagePolicy("FallbackToLogsOnError");
        PodSpecBuilder pod = new PodSpecBuilder().withRestartPolicy("Never");
        settings.serviceAccount().ifPresent(pod::withServiceAccountName);
        settings.registrySecret().ifPresent(secret -> {
            container
                    .addNewVolumeMount()
                    .withName(REGISTRY_VOLUME)
                    .withMountPath(DOCKER_CONFIG_FOLDER)
                    .withReadOnly(true)
                    .endVolumeMount();
            pod.addNewVolume()
                    .withName(REGISTRY_VOLUME)
                    .withNewSecret()
                    .withSecretName(secret)
                    // the registry credentials: readable by the executor's user only, not 0644 as by default
                    .withDefaultMode(OWNER_READ_ONLY)
                    .addNewItem()
                    .withKey(".dockerconfigjson")
                    .withPath("config.json")
                    .withMode(OWNER_READ_ONLY)
                    .endItem()
                    .endSecret()
                    .endVolume();
        });
        pod.withContainers(container.build());

        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(buildId))
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(seconds(settings.deadline()))
                .withTtlSecondsAfterFinished((int) ((settings.ttlAfterFinished().toMillis() + 999) / 1000))
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withSpec(pod.build())
                .endTemplate()
                .endSpec()
                .build();
    }

    /** A DNS-1123 label from the build id, e.g. {@code gitops-flow-b-1b4e28ba-2fa1-11d2-883f-0016d3cca427}. */
    static String jobName(String buildId) {
        String name = ("gitops-flow-" + buildId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        name = name.length() > 63 ? name.substring(0, 63) : name;
        return name.replaceAll("-+$", "");
    }

    /**
     * Kaniko's git context: {@code git://<host/path>#<ref>#<commit>}. Kaniko clones the ref and checks the commit out,
     * over HTTPS unless {@code GIT_PULL_METHOD=http}.
     */
    static String gitContext(URI cloneUrl, String ref, String commit) {
        if (ref == null || ref.isBlank() || ref.contains("#") || !ref.startsWith("refs/")) {
            throw new ImageBuildException("the ref " + ref + " cannot be cloned by the kubernetes builder", null);
        }
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            throw new ImageBuildException("the commit " + commit + " is not a full commit SHA", null);
        }
        String port = cloneUrl.getPort() < 0 ? "" : ":" + cloneUrl.getPort();
        return "git://" + cloneUrl.getHost() + port + cloneUrl.getRawPath() + "#" + ref + "#" + commit;
    }

    private List<String> executorArgs(BuildRequest request, URI source) {
        BuildSpec spec = request.spec();
        List<String> args = new ArrayList<>();
        args.add("--context=" + gitContext(source, request.ref(), request.commit()));
        if (!BuildSpec.WHOLE_REPOSITORY.equals(spec.context())) {
            args.add("--context-sub-path=" + spec.context());
        }
        // absolute, because the spec names the Dockerfile from the repository root, not from the context folder
        args.add("--dockerfile=" + KANIKO_CONTEXT_FOLDER + spec.dockerfile());
        for (String tag : request.tags()) {
            args.add("--destination=" + spec.imageRepository() + ":" + tag);
        }
        args.add("--digest-file=" + TERMINATION_LOG);
        spec.buildArgs().forEach((name, value) -> args.add("--build-arg=" + name + "=" + value));
        if (settings.allowInsecureRegistries()) {
            args.add("--insecure");
            args.add("--insecure-pull");
        }
        return args;
    }

    /** The clone URL as Kaniko can use it: HTTP(S), no credentials in it (they come from the Secret). */
    private static URI cloneUrl(String cloneUrl) {
        URI uri;
        try {
            uri = new URI(cloneUrl);
        } catch (URISyntaxException | NullPointerException e) {
            throw new ImageBuildException("the clone URL is not a URL", null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ImageBuildException("the kubernetes builder clones over HTTP(S) only", null);
        }
        if (uri.getHost() == null
                || uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new ImageBuildException("the clone URL must be http(s)://host/path without query or fragment", null);
        }
        try {
            // the user info is dropped: credentials reach the executor only from the Secret
            return new URI(scheme, null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new ImageBuildException("the clone URL is not a URL", null);
        }
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(secret)
                .withKey(key)
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
        return client.batch().v1().jobs().inNamespace(namespace);
    }

    /** Creates the Job; a redelivered build finds its Job there already and follows it instead of building twice. */
    private void start(Job job, String buildId) {
        String name = job.getMetadata().getName();
        try {
            jobs().resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new ImageBuildException(
                        "cannot create the build Job " + namespace + "/" + name + ": " + e.getMessage(), e);
            }
            Job existing = jobs().withName(name).get();
            if (existing == null
                    || !buildId.equals(existing.getMetadata().getLabels().get(BUILD_ID_LABEL))) {
                throw new ImageBuildException(
                        "a Job named " + namespace + "/" + name + " exists and belongs to another build", e);
            }
            LOG.infof("build %s: Job %s/%s exists already, following it", buildId, namespace, name);
        }
    }

    /** Follows the Job with an informer until it succeeded or failed, for at most the deadline. */
    private Job awaitEnd(String name) {
        CompletableFuture<List<Job>> ended =
                jobs().withName(name).informOnCondition(found -> found.isEmpty() || ended(found.get(0)));
        try {
            List<Job> found = ended.get(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
            if (found.isEmpty()) {
                throw new ImageBuildException("the build Job " + name + " was deleted before it finished", null);
            }
            return found.get(0);
        } catch (TimeoutException e) {
            throw new ImageBuildException(
                    "the build Job " + name + " did not finish within " + describe(settings.deadline())
                            + podState(name),
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

    private static boolean ended(Job job) {
        return succeeded(job) || failed(job);
    }

    private static boolean succeeded(Job job) {
        JobStatus status = job.getStatus();
        return status != null
                && (positive(status.getSucceeded())
                        || condition(status, "Complete").isPresent());
    }

    private static boolean failed(Job job) {
        JobStatus status = job.getStatus();
        return status != null
                && (positive(status.getFailed()) || condition(status, "Failed").isPresent());
    }

    private static boolean positive(Integer count) {
        return count != null && count > 0;
    }

    private static Optional<JobCondition> condition(JobStatus status, String type) {
        return status.getConditions() == null
                ? Optional.empty()
                : status.getConditions().stream()
                        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                        .findFirst();
    }

    /** The digest the executor wrote to its termination log. */
    private String digestOf(String job) {
        ContainerStateTerminated terminated = buildPod(job)
                .flatMap(KubernetesJobBuilder::terminated)
                .orElseThrow(() -> new ImageBuildException(
                        "the build Job " + job + " succeeded but its pod is gone: no digest to read", null));
        String message =
                terminated.getMessage() == null ? "" : terminated.getMessage().strip();
        try {
            return ImageReference.requireDigest(message);
        } catch (InvalidNameException e) {
            throw new ImageBuildException(
                    "the build Job " + job + " succeeded but reported no image digest (its termination message was "
                            + InvalidNameException.quote(excerpt(message)) + ")",
                    null);
        }
    }

    /** Why the Job failed: how its executor ended and the end of its log, or else the Job's own condition. */
    private String failureOf(Job job) {
        String name = job.getMetadata().getName();
        StringBuilder reason = new StringBuilder("the build Job ").append(name).append(" failed");
        Optional<Pod> pod = buildPod(name);
        Optional<ContainerStateTerminated> terminated = pod.flatMap(KubernetesJobBuilder::terminated);
        if (terminated.isPresent()) {
            ContainerStateTerminated end = terminated.get();
            reason.append(": the executor exited with code ").append(end.getExitCode());
            if (end.getReason() != null && !end.getReason().isBlank()) {
                reason.append(" (").append(end.getReason()).append(')');
            }
            String message =
                    end.getMessage() == null || end.getMessage().isBlank() ? logTail(pod.get()) : end.getMessage();
            if (!message.isBlank()) {
                reason.append(": ").append(excerpt(message.strip()));
            }
        } else {
            condition(job.getStatus(), "Failed")
                    .ifPresent(failed -> reason.append(": ")
                            .append(failed.getReason())
                            .append(failed.getMessage() == null ? "" : " (" + failed.getMessage() + ")"));
        }
        return reason.toString();
    }

    /** The newest pod of the Job. */
    private Optional<Pod> buildPod(String job) {
        for (String label : JOB_NAME_LABELS) {
            List<Pod> pods = client.pods()
                    .inNamespace(namespace)
                    .withLabel(label, job)
                    .list()
                    .getItems();
            if (!pods.isEmpty()) {
                return pods.stream()
                        .max(Comparator.comparing(
                                (Pod pod) -> String.valueOf(pod.getMetadata().getCreationTimestamp())));
            }
        }
        return Optional.empty();
    }

    private static Optional<ContainerStatus> buildContainer(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> CONTAINER.equals(status.getName()))
                .findFirst();
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        return buildContainer(pod).map(status -> {
            if (status.getState() != null && status.getState().getTerminated() != null) {
                return status.getState().getTerminated();
            }
            return status.getLastState() == null ? null : status.getLastState().getTerminated();
        });
    }

    /** The end of the executor's log when the API serves it; empty when not. */
    private String logTail(Pod pod) {
        try {
            String log = client.pods()
                    .inNamespace(namespace)
                    .withName(pod.getMetadata().getName())
                    .inContainer(CONTAINER)
                    .tailingLines(20)
                    .getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    /** What the pod of a Job that outlived its deadline was doing, for the reason. */
    private String podState(String job) {
        try {
            Optional<Pod> pod = buildPod(job);
            if (pod.isEmpty()) {
                return " (no pod was started)";
            }
            return buildContainer(pod.get())
                    .filter(status ->
                            status.getState() != null && status.getState().getWaiting() != null)
                    .map(status -> " (the executor was waiting: "
                            + status.getState().getWaiting().getReason() + ")")
                    .orElse("");
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    /** Deletes the Job and, in the background, its pods; the Job's ttl removes it should this fail. */
    private void delete(String name) {
        try {
            jobs().withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot delete the build Job %s/%s, its ttl will remove it: %s", namespace, name, e.getMessage());
        }
    }

    private static String excerpt(String text) {
        return text.length() <= MAX_MESSAGE ? text : "…" + text.substring(text.length() - MAX_MESSAGE);
    }

    /** Whole seconds, rounded up, at least one. */
    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    /** {@code 30m}, {@code 1h30m}, {@code 1s}. */
    static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
