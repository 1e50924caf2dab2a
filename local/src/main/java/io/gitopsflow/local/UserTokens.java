package io.gitopsflow.local;

/** Where the local stack's users' bearer tokens come from: the local run's own keys, or an OpenID Connect provider. */
public interface UserTokens {

    /** A bearer token of {@code user}. */
    String token(String user);
}
