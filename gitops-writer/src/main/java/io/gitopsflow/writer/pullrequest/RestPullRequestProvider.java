package io.gitopsflow.writer.pullrequest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * The open-or-update algorithm every host shares: find the open pull request for the head and base branches; if there
 * is one, bring its title and body up to date; else create it, and when a concurrent writer created it first (the
 * host answers "already exists"), take that one. Subclasses say where a repository's pull requests are, how to find
 * an open one and what a new one looks like.
 */
abstract class RestPullRequestProvider implements PullRequestProvider {

    /**
     * How a host names things.
     *
     * @param number the field with the pull request's number ({@code number}, GitLab: {@code iid})
     * @param url the field with its web page ({@code html_url}, GitLab: {@code web_url})
     * @param description the field with its body ({@code body}, GitLab: {@code description})
     * @param updateMethod the HTTP method that edits one ({@code PATCH}, GitLab: {@code PUT})
     * @param alreadyOpenStatus the status of a create that finds one already open (GitHub 422, else 409)
     */
    record Dialect(String number, String url, String description, String updateMethod, int alreadyOpenStatus) {}

    final ProviderHttp http;
    private final Dialect dialect;

    RestPullRequestProvider(ProviderHttp http, Dialect dialect) {
        this.http = http;
        this.dialect = dialect;
    }

    /** The path of the repository's pull request collection, e.g. {@code /repos/acme/gitops/pulls}. */
    abstract String pullsPath(String repositoryFullName);

    /** The open pull request from {@code headBranch} into {@code baseBranch}, if any. */
    abstract Optional<JsonNode> findOpen(
            String pullsPath, String repositoryFullName, String headBranch, String baseBranch, String action);

    /** The body of the create request. */
    abstract Map<String, Object> createBody(String headBranch, String baseBranch, String title, String body);

    @Override
    public final PullRequest openOrUpdate(
            String repositoryFullName, String headBranch, String baseBranch, String title, String body) {
        String oneLineTitle = ProviderHttp.checkArguments(headBranch, baseBranch, title, body);
        String pulls = pullsPath(repositoryFullName);
        String where = repositoryFullName + " from '" + headBranch + "' into '" + baseBranch + "'";
        String listAction = "list the open pull requests of " + where;

        Optional<JsonNode> open = findOpen(pulls, repositoryFullName, headBranch, baseBranch, listAction);
        if (open.isPresent()) {
            return keepUpToDate(pulls, open.get(), oneLineTitle, body, where);
        }
        String createAction = "open a pull request in " + where;
        JsonNode created;
        try {
            created = http.send("POST", pulls, createBody(headBranch, baseBranch, oneLineTitle, body), createAction);
        } catch (PullRequestException e) {
            if (e.status() != dialect.alreadyOpenStatus()) {
                throw e;
            }
            // another instance opened it between the list and the create; any other refusal stays a failure
            JsonNode raced = findOpen(pulls, repositoryFullName, headBranch, baseBranch, listAction)
                    .orElseThrow(() -> e);
            return toPullRequest(raced, false, listAction);
        }
        return toPullRequest(created, true, createAction);
    }

    private PullRequest keepUpToDate(String pulls, JsonNode open, String title, String body, String where) {
        String action = "update the pull request in " + where;
        PullRequest existing = toPullRequest(open, false, action);
        if (!title.equals(textOrEmpty(open, "title")) || !body.equals(textOrEmpty(open, dialect.description()))) {
            http.send(
                    dialect.updateMethod(),
                    pulls + "/" + existing.number(),
                    Map.of("title", title, dialect.description(), body),
                    action);
        }
        return existing;
    }

    private PullRequest toPullRequest(JsonNode pullRequest, boolean created, String action) {
        return new PullRequest(
                http.number(pullRequest, dialect.number(), action),
                http.text(pullRequest, dialect.url(), action),
                created);
    }

    static String textOrEmpty(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }

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
