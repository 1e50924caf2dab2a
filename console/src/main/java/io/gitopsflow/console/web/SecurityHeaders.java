package io.gitopsflow.console.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The web console's pages forbid what they do not use: a Content-Security-Policy that lets only the console's own
 * script and stylesheet run (no inline script, so an injected {@code <script>} could not run even if it were not
 * escaped), forms post only to the console and to the identity provider (signing out ends there), and no other site
 * may frame the pages.
 */
public class SecurityHeaders {

    private final String policy;

    public SecurityHeaders(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> provider) {
        String formAction = "'self'"
                + provider.map(SecurityHeaders::origin).map(o -> " " + o).orElse("");
        this.policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none';"
                + " object-src 'none'";
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/ui")) {
            return;
        }
        var headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", policy);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Cache-Control", "no-store");
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
