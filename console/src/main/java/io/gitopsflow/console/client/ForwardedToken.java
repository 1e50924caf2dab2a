package io.gitopsflow.console.client;

import io.gitopsflow.console.web.WebUser;
import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The {@code Authorization} header of a call to promotion-service or analysis-service: the access token of the user the console acts for,
 * taken from their identity rather than from the incoming request's headers, because a page's request carries a
 * session cookie (OpenID Connect or a local user), not a bearer token. For a bearer API call it is the same header.
 * The identity is read without blocking, so the JSON API's calls may start on the event loop.
 */
@ApplicationScoped
public class ForwardedToken extends ReactiveClientHeadersFactory {

    private final CurrentIdentityAssociation identities;

    public ForwardedToken(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @Override
    public Uni<MultivaluedMap<String, String>> getHeaders(
            MultivaluedMap<String, String> incomingHeaders, MultivaluedMap<String, String> clientOutgoingHeaders) {
        return identities.getDeferredIdentity().map(identity -> {
            MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
            String authorization = WebUser.authorization(identity);
            if (authorization != null) {
                headers.putSingle("Authorization", authorization);
            }
            return headers;
        });
    }
}
