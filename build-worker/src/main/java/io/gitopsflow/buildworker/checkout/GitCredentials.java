package io.gitopsflow.buildworker.checkout;

import java.util.Objects;

/** HTTP credentials for one Git host: a user name and a token (password); {@link #toString()} hides the token. */
public record GitCredentials(String username, String token) {

    public GitCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(token, "token");
    }

    /** A token alone: Git hosts accept any user name with a token, so a placeholder keeps HTTP Basic well-formed. */
    public static GitCredentials token(String token) {
        return new GitCredentials("x-access-token", token);
    }

    @Override
    public String toString() {
        // records print every component by default; a token must never reach a log line or an exception
        return "GitCredentials[username=" + username + ", token=***]";
    }
}
