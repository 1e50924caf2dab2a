package io.gitopsflow.console.client;

import io.gitopsflow.console.web.WebUser;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * The signed-in user's own access token on the console's reads from the services, so that each service decides what
 * this user may see: a page request carries a session (cookie), not an {@code Authorization} header to propagate, so
 * the header is made from the request's identity.
 */
@ApplicationScoped
public class CallerToken implements ClientHeadersFactory {

    private final SecurityIdentity identity;

    public CallerToken(SecurityIdentity identity) {
        this.identity = identity;
    }

    @Override
    public MultivaluedMap<String, String> update(
            MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        String authorization = WebUser.authorization(identity);
        if (authorization != null) {
            headers.putSingle("Authorization", authorization);
        }
        return headers;
    }
}
