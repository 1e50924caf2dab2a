package io.gitopsflow.console.web;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A local user's session cookie to be checked: the signed token the local run wrote for that user.
 *
 * @see LocalUsersMechanism
 */
public final class LocalUserRequest extends BaseAuthenticationRequest {

    private final String token;

    public LocalUserRequest(String token) {
        this.token = token;
    }

    /** The signed token from the cookie. */
    public String token() {
        return token;
    }
}
