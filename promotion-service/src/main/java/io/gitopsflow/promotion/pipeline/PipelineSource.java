package io.gitopsflow.promotion.pipeline;

import io.gitopsflow.promotion.config.PromotionConfig;
import io.gitopsflow.spec.pipeline.PipelineError;
import io.gitopsflow.spec.pipeline.PipelineException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the pipeline files are read from: the configured folder (a mounted ConfigMap), or a folder of a Git
 * repository's branch kept up to date by {@link PipelineGitCheckout}, so a merged pull request puts its pipeline in
 * force without a redeploy.
 */
@ApplicationScoped
public class PipelineSource {

    private final PromotionConfig config;
    private final PipelineGitCheckout checkout;

    public PipelineSource(PromotionConfig config) {
        this.config = config;
        PromotionConfig.PipelinesGit git = config.pipelinesGit();
        this.checkout = git.url()
                .map(url -> new PipelineGitCheckout(git, checked(url, git)))
                .orElse(null);
    }

    /** The folder whose pipeline files are in force. */
    public Path folder() {
        return checkout == null ? config.pipelines() : checkout.folder();
    }

    /** Brings the folder up to date: fetches the branch when the pipelines come from Git (at start, a failure throws). */
    public void refresh() {
        if (checkout != null) {
            checkout.refresh();
        }
    }

    /** The Git source's state (commit in force, last failure), when the pipelines come from Git. */
    public Optional<PipelineGitCheckout.State> gitState() {
        return checkout == null ? Optional.empty() : Optional.of(checkout.state());
    }

    /** The URL without credentials, and a folder path inside the repository: refused at start otherwise. */
    private static URI checked(String url, PromotionConfig.PipelinesGit git) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("gitops-flow.promotion.pipelines-git.url is not a URL: " + e.getReason());
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw refused("gitops-flow.promotion.pipelines-git.url must be an http(s) URL with a host");
        }
        if (uri.getUserInfo() != null) {
            throw refused("gitops-flow.promotion.pipelines-git.url must not hold credentials: set pipelines-git"
                    + ".username and pipelines-git.password (from a Secret)");
        }
        Path inside = Path.of(git.path()).normalize();
        if (inside.isAbsolute() || inside.startsWith("..") || git.path().contains("\\")) {
            throw refused("gitops-flow.promotion.pipelines-git.path must be a folder inside the repository (was '"
                    + git.path() + "')");
        }
        if (!git.branch().matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")
                || git.branch().contains("..")) {
            throw refused("gitops-flow.promotion.pipelines-git.branch is not a branch name");
        }
        return uri;
    }

    private static PipelineException refused(String message) {
        return new PipelineException(List.of(new PipelineError("pipelines-git", 0, 0, message)));
    }
}
