package io.gitopsflow.writer.pullrequest;

/**
 * A kind of Git host whose pull requests (merge requests on GitLab) gitops-writer opens: one CDI bean per kind, found by
 * its {@link #name()} in {@link PullRequestHosts}, so adding a host is one new class.
 */
public interface PullRequestHost {

    /** The name {@code gitops-flow.writer.pull-requests.provider} selects it by, e.g. {@code github}. */
    String name();

    /** The host's product name, for people and reasons: e.g. {@code GitHub}. */
    String displayName();

    /** A client for the host's REST API at {@code settings}. */
    PullRequestProvider connect(PullRequestSettings settings);
}
