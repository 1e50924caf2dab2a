package io.gitopsflow.buildworker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** build-worker's configuration; credentials come from Kubernetes Secrets through the environment. */
@ConfigMapping(prefix = "gitops-flow.build")
public interface BuildWorkerConfig {

    /** The registry images are pushed to by convention, e.g. {@code registry.example.com:5000}. */
    String registry();

    /** Push and pull over plain HTTP where the registry offers no HTTPS (local registries). */
    @WithDefault("false")
    boolean allowInsecureRegistries();

    /** Where clones and Jib's layer caches are kept between builds. */
    @WithDefault("${java.io.tmpdir}/gitops-flow-build-worker")
    String cacheDirectory();

    /** Git user name sent with the token, for private repositories. */
    @WithDefault("gitops-flow")
    String gitUsername();

    /** Git token for private repositories; never logged. */
    Optional<String> gitToken();

    /**
     * Commits of history per branch a clone or fetch asks for, where the Git server allows shallow clones (a server
     * that refuses gets a full clone); 0 for full clones. A commit older than that is still built: the cached clone is
     * deepened until it holds it.
     */
    @WithDefault("1")
    int cloneDepth();

    /** At most this many builds run at once in this instance; the others wait, queued in the database. */
    @WithDefault("2")
    int maxConcurrent();

    /**
     * A running build's lease: its instance renews it every third of this, so a build whose instance died is taken
     * over by another instance (or the next one to start) this long after its last renewal at the latest.
     */
    @WithDefault("15s")
    Duration lease();

    /**
     * How often the queue is looked at again: builds whose lease ran out are taken over, builds waiting for a retry
     * start once due, and results Kafka did not take are published again. New and finished builds wake it at once.
     */
    @WithDefault("5s")
    Duration dispatchInterval();

    /**
     * Where no registry runs (a laptop without one): images are not pushed but written into this folder as OCI image
     * archives, {@code <registry>/<repository>/<tag>.tar} (an OCI image layout in a tar, as {@code skopeo copy
     * oci-archive:...} and {@code podman load} read), and published with their digest as usual. Unset: push.
     */
    Optional<String> ociArchiveDirectory();

    /** User name for the registry images are pushed to (and pulled from, on the same host); empty: anonymous. */
    Optional<String> registryUsername();

    /** Password or token for {@link #registryUsername()}; never logged. */
    Optional<String> registryPassword();

    /** The role a token needs for operator actions (retrying a build). */
    @WithDefault("operator")
    String operatorRole();

    /**
     * How a build that failed for a reason not its own is tried again: the registry or the Git host could not be
     * reached, did not answer, or answered 5xx. The build goes back to the queue and waits, a little longer each time,
     * instead of ending FAILED; only when every attempt failed does it publish {@code build-failed}.
     */
    Retry retry();

    /** The attempts and the waits between them. */
    interface Retry {

        /** Attempts in all, the first one included; when the last one fails too, the build fails. */
        @WithDefault("10")
        int maxAttempts();

        /** The wait after the first failed attempt; it doubles with every further one. */
        @WithDefault("5s")
        Duration initialBackoff();

        /** The longest wait between two attempts. */
        @WithDefault("2m")
        Duration maxBackoff();
    }

    /** The {@code kubernetes} builder: one Kubernetes Job per build, running a Kaniko executor. */
    Kubernetes kubernetes();

    /** Where and how build Jobs run; read only when a build asks for {@code builder: kubernetes}. */
    interface Kubernetes {

        /** The namespace of the build Jobs; the Kubernetes client's namespace when unset. */
        Optional<String> namespace();

        /** The Kaniko executor image the Job runs. */
        @WithDefault("gcr.io/kaniko-project/executor:v1.23.2")
        String executorImage();

        /** How long a build Job may run before it is stopped and the build fails. */
        @WithDefault("30m")
        Duration deadline();

        /** A {@code kubernetes.io/basic-auth} Secret (keys {@code username}, {@code password}) to clone with. */
        Optional<String> gitSecret();

        /** A {@code kubernetes.io/dockerconfigjson} Secret with the credentials to pull and push images. */
        Optional<String> registrySecret();

        /** The service account the build pods run as; the namespace's default when unset. */
        Optional<String> serviceAccount();

        /** How long a finished Job stays should the worker fail to delete it. */
        @WithDefault("10m")
        Duration ttlAfterFinished();
    }
}
