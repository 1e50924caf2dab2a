package io.gitopsflow.console.web;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import java.util.TreeSet;

/**
 * The person a page is rendered for: their name, the roles promotion-service will check (the token's {@code groups}),
 * and the access token the console forwards when they act. The page hides what their roles do not allow; the service
 * that decides checks again.
 *
 * @param name who signed in
 * @param roles their roles
 */
public record WebUser(String name, Set<String> roles) {

    /** The user of a request. */
    public static WebUser of(SecurityIdentity identity) {
        return new WebUser(identity.getPrincipal().getName(), new TreeSet<>(identity.getRoles()));
    }

    /** Whether they hold {@code role}; a null role (none required) is held by everyone. */
    public boolean holds(String role) {
        return role == null || role.isBlank() || roles.contains(role);
    }

    /**
     * The access token of a request's user, as an {@code Authorization} header value: the OpenID Connect session's
     * access token, a bearer token, or a local user's; never an ID token. Null when the identity carries none.
     */
    public static String authorization(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
        if (access != null) {
            return "Bearer " + access.getToken();
        }
        for (var credential : identity.getCredentials()) {
            if (credential instanceof TokenCredential token && !(credential instanceof IdTokenCredential)) {
                return "Bearer " + token.getToken();
            }
        }
        return null;
    }
}
