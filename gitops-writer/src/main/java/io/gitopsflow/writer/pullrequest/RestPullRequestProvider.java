package io.gitopsflow.writer.pullrequest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * The open-or-update algorithm every REST host shares: find the open pull request for the head and base branches; if
 * there is one, bring its title and body up to date; else create it, and when a concurrent writer created it first
 * (the host answers "already exists"), take that one. The {@link RestPullRequestHost} says how its API spells it.
 */
final class RestPullRequestProvider<A> implements PullRequestProvider {

    private final RestPullRequestHost<A> host;
    private final RestPullRequestHost.Dialect dialect;
    private final HostCalls<A> http;

    RestPullRequestProvider(RestPullRequestHost<A> host, HostCalls<A> http) {
        this.host = host;
        this.dialect = host.dialect();
        this.http = http;
    }

    @Override
    public PullRequest openOrUpdate(
            String repositoryFullName, String headBranch, String baseBranch, String title, String body) {
        String oneLineTitle = HostCalls.checkArguments(headBranch, baseBranch, title, body);
        host.checkRepository(repositoryFullName);
        String where = repositoryFullName + " from '" + headBranch + "' into '" + baseBranch + "'";
        String listAction = "list the open pull requests of " + where;

        Optional<JsonNode> open = host.findOpen(http, repositoryFullName, headBranch, baseBranch, listAction);
        if (open.isPresent()) {
            return keepUpToDate(repositoryFullName, open.get(), oneLineTitle, body, where);
        }
        String createAction = "open a pull request in " + where;
        JsonNode created;
        try {
            created = host.create(
                    http,
                    repositoryFullName,
                    host.createBody(headBranch, baseBranch, oneLineTitle, body),
                    createAction);
        } catch (PullRequestException e) {
            if (e.status() != dialect.alreadyOpenStatus()) {
                throw e;
            }
            // another instance opened it between the list and the create; any other refusal stays a failure
            JsonNode raced = host.findOpen(http, repositoryFullName, headBranch, baseBranch, listAction)
                    .orElseThrow(() -> e);
            return toPullRequest(raced, false, listAction);
        }
        return toPullRequest(created, true, createAction);
    }

    private PullRequest keepUpToDate(
            String repositoryFullName, JsonNode open, String title, String body, String where) {
        String action = "update the pull request in " + where;
        PullRequest existing = toPullRequest(open, false, action);
        if (!title.equals(textOrEmpty(open, "title")) || !body.equals(textOrEmpty(open, dialect.description()))) {
            host.update(
                    http,
                    repositoryFullName,
                    existing.number(),
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

    private static String textOrEmpty(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }
}
