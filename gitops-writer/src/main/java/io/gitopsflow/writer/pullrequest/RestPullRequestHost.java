package io.gitopsflow.writer.pullrequest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * A host whose pull requests are JSON over HTTP: it says how it authenticates, where a repository's pull requests are,
 * how to find an open one and what a new one looks like; {@link RestPullRequestProvider} runs the open-or-update
 * algorithm every such host shares. Its calls go through its typed REST Client interface {@code A} and {@link HostCalls}.
 *
 * @param <A> the host's REST Client interface
 */
abstract class RestPullRequestHost<A> implements PullRequestHost {

    /**
     * How a host names things.
     *
     * @param number the field with the pull request's number ({@code number}, GitLab: {@code iid})
     * @param url the field with its web page ({@code html_url}, GitLab: {@code web_url})
     * @param description the field with its body ({@code body}, GitLab: {@code description})
     * @param alreadyOpenStatus the status of a create that finds one already open (GitHub 422, else 409)
     */
    record Dialect(String number, String url, String description, int alreadyOpenStatus) {}

    private final String name;
    private final String displayName;
    private final Dialect dialect;
    private final Class<A> api;

    RestPullRequestHost(String name, String displayName, Dialect dialect, Class<A> api) {
        this.name = name;
        this.displayName = displayName;
        this.dialect = dialect;
        this.api = api;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String displayName() {
        return displayName;
    }

    final Dialect dialect() {
        return dialect;
    }

    @Override
    public final PullRequestProvider connect(PullRequestSettings settings) {
        return new RestPullRequestProvider<>(
                this, new HostCalls<>(displayName(), settings, headers(settings.token()), api));
    }

    /** The headers of every call: the token and the media type. */
    abstract Map<String, String> headers(String token);

    /** Checks the repository's name the way the host spells it, before any call. */
    abstract void checkRepository(String repositoryFullName);

    /** The open pull request from {@code headBranch} into {@code baseBranch}, if any. */
    abstract Optional<JsonNode> findOpen(
            HostCalls<A> calls, String repositoryFullName, String headBranch, String baseBranch, String action);

    /** Opens a pull request with {@code body} (see {@link #createBody}) and answers it. */
    abstract JsonNode create(HostCalls<A> calls, String repositoryFullName, Map<String, Object> body, String action);

    /** Edits the title and description of the pull request {@code number}. */
    abstract void update(
            HostCalls<A> calls, String repositoryFullName, long number, Map<String, Object> body, String action);

    /** The body of the create request. */
    abstract Map<String, Object> createBody(String headBranch, String baseBranch, String title, String body);

    /** The first element of a JSON array whose two nested fields have the given values. */
    static Optional<JsonNode> firstMatching(
            JsonNode array, String firstPath, String first, String secondPath, String second) {
        for (JsonNode element : array) {
            if (first.equals(element.at(firstPath).asText(null))
                    && second.equals(element.at(secondPath).asText(null))) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }
}
