package io.gitopsflow.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The web console's settings ({@code gitops-flow.console.ui.*}): how people sign in, the secret that binds a form to
 * its session, and where a GitOps commit's web page is.
 */
@ConfigMapping(prefix = "gitops-flow.console.ui")
public interface UiConfig {

    /**
     * How people sign in: {@code code} (OpenID Connect authorization code flow, the {@code quarkus.oidc.*} settings)
     * or {@code local-users} (the local run's users, without a password; never in a cluster).
     */
    @WithDefault("code")
    String signIn();

    /** The folder of the local users' tokens ({@code <user>.jwt}), read only when sign-in is local-users. */
    Optional<Path> localUsers();

    /**
     * The key form tokens are signed with; every replica must share it (the console Secret). Without it each process
     * draws its own, which is right for one process only.
     */
    Optional<String> formSecret();

    /**
     * A GitOps commit's web page, {@code {repository}} (the repository URL without {@code .git}) and {@code {commit}}
     * replaced, e.g. {@code {repository}/commit/{commit}}; without it commit ids are shown as text.
     */
    Optional<String> commitUrl();

    /**
     * The role promotion-service requires to promote, abort and reverify (its {@code gitops-flow.promotion.promoter-role});
     * the pages show those buttons only to its holders, and promotion-service checks again.
     */
    @WithDefault("promoter")
    String promoterRole();

    /**
     * The role promotion-service requires to override a promotion window ({@code gitops-flow.promotion.override-role}
     * there): the promote form offers the override only to those who hold it; promotion-service checks again.
     */
    @WithDefault("freeze-override")
    String overrideRole();
}
