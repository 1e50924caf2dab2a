package io.gitopsflow.build.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
}
