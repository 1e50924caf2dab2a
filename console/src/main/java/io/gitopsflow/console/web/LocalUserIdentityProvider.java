package io.gitopsflow.console.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a local user's session cookie into an identity: the token is verified exactly as a bearer token is (the
 * {@code mp.jwt.verify.*} key and issuer), its {@code groups} become the roles, and it is the credential the console
 * forwards when the user acts.
 */
@ApplicationScoped
public class LocalUserIdentityProvider implements IdentityProvider<LocalUserRequest> {

    private final JWTParser parser;

    public LocalUserIdentityProvider(JWTParser parser) {
        this.parser = parser;
    }

    @Override
    public Class<LocalUserRequest> getRequestType() {
        return LocalUserRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(LocalUserRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(request.token()));
    }

    private SecurityIdentity identity(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(jwt)
                    .addRoles(jwt.getGroups())
                    .addCredential(new TokenCredential(token, "bearer"))
                    .build();
        } catch (ParseException e) {
            throw new AuthenticationFailedException("the session's token is not valid: sign in again", e);
        }
    }
}
