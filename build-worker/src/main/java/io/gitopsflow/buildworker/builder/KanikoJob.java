package io.gitopsflow.buildworker.builder;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.gitopsflow.buildworker.spec.BuildSpec;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code batch/v1} Job that builds one request with a Kaniko executor: it clones the exact commit from a git
 * context, builds the Dockerfile and pushes every tag, and writes the digest to its termination log. The Job holds no
 * secret value, only references to Secrets. One Job builds one platform: the one build.yaml names (Kaniko's {@code
 * --custom-platform}, on a node of that os and architecture), else the node's; Kaniko pushes no image index, so
 * several platforms are refused.
 */
final class KanikoJob {

    /** Where Kaniko clones a git context to (its {@code --kaniko-dir} is left at {@code /kaniko}). */
    private static final String KANIKO_CONTEXT_FOLDER = "/kaniko/buildcontext/";

    private static final String DOCKER_CONFIG_FOLDER = "/kaniko/.docker/";
    static final String TERMINATION_LOG = "/dev/termination-log";

    /** File mode 0400. */
    static final int OWNER_READ_ONLY = 0400;

    private static final String REGISTRY_VOLUME = "registry-credentials";
    private static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final KubernetesJobBuilder.Settings settings;

    KanikoJob(KubernetesJobBuilder.Settings settings) {
        this.settings = settings;
    }

    /**
     * Refuses a build.yaml that names several platforms: a Kaniko executor builds one image for one platform and
     * pushes no image index.
     *
     * @throws InvalidBuildSpecException naming the platforms
     */
    static void requireOnePlatform(BuildSpec spec) {
        if (spec.platforms().size() > 1) {
            throw new InvalidBuildSpecException("the kubernetes builder builds one platform per build (Kaniko's"
                    + " --custom-platform), not " + spec.platforms() + ": list one platform, or use builder: jib for"
                    + " a multi-platform image");
        }
    }

    /** The Job that builds {@code request} in {@code namespace}. */
    Job jobFor(BuildRequest request, String namespace) {
        requireOnePlatform(request.spec());
        String buildId = request.buildId();
        if (buildId == null || !BUILD_ID.matcher(buildId).matches()) {
            throw new IllegalArgumentException("build id " + buildId + " cannot label a Kubernetes Job");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubernetesJobBuilder.MANAGED_BY_LABEL, "gitops-flow");
        labels.put(KubernetesJobBuilder.COMPONENT_LABEL, "build");
        labels.put(KubernetesJobBuilder.BUILD_ID_LABEL, buildId);
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
                .withSpec(podFor(request, cloneUrl(request.cloneUrl())))
                .endTemplate()
                .endSpec()
                .build();
    }

    /** One executor container; the registry credentials, when configured, mounted owner-read-only. */
    private PodSpec podFor(BuildRequest request, URI source) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("GIT_PULL_METHOD", source.getScheme(), null));
        settings.gitSecret().ifPresent(secret -> {
            env.add(secretEnv("GIT_USERNAME", secret, "username"));
            env.add(secretEnv("GIT_PASSWORD", secret, "password"));
        });
        ContainerBuilder container = new ContainerBuilder()
                .withName(KubernetesJobBuilder.CONTAINER)
                .withImage(settings.executorImage())
                .withArgs(executorArgs(request, source))
                .withEnv(env)
                .withTerminationMessagePath(TERMINATION_LOG)
                // a failed executor writes no digest: the end of its log becomes the message instead
                .withTerminationMessagePolicy("FallbackToLogsOnError");
        PodSpecBuilder pod = new PodSpecBuilder().withRestartPolicy("Never");
        // Kaniko's --custom-platform picks the base image, but RUN steps run on the node: so a node of that platform
        request.spec()
                .platforms()
                .forEach(platform -> pod.withNodeSelector(
                        Map.of("kubernetes.io/os", platform.os(), "kubernetes.io/arch", platform.architecture())));
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
        return pod.withContainers(container.build()).build();
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
        // without it Kaniko builds for the platform of the node the Job runs on
        spec.platforms().forEach(platform -> args.add("--custom-platform=" + platform));
        if (settings.allowInsecureRegistries()) {
            args.add("--insecure");
            args.add("--insecure-pull");
        }
        return args;
    }

    /** The clone URL as Kaniko can use it: HTTP(S), no credentials in it (they come from the Secret). */
    static URI cloneUrl(String cloneUrl) {
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

    /** Whole seconds, rounded up, at least one. */
    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
