package io.gitopsflow.writer.pullrequest;

import java.util.Objects;

/**
 * A pull request that is open now.
 *
 * @param number its number on the host (the {@code iid} on GitLab)
 * @param url its web page, for people and for {@code manifest-updated}
 * @param created true when this call opened it, false when it was already open
 */
public record PullRequest(long number, String url, boolean created) {

    public PullRequest {
        Objects.requireNonNull(url, "url");
    }
}
