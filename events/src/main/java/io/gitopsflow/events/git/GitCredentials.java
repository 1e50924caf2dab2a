package io.gitopsflow.events.git;

import java.util.Objects;

/**
 * HTTP credentials for one Git host: a user name and a token (password). {@link #toString()} hides the token: records
 * print every component by default, and a token must never reach a log line, an event or an exception.
 */
public record GitCredentials(String username, String token) {

    public GitCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the Git token must not be empty");
        }
    }

    /** A token alone: Git hosts accept any user name with a token, so a placeholder keeps HTTP Basic well-formed. */
    public static GitCredentials token(String token) {
        return new GitCredentials("x-access-token", token);
    }

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", token=***]";
    }
}
