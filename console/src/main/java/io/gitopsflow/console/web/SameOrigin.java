package io.gitopsflow.console.web;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a state-changing request to the web console's pages that a browser says comes from another site: its
 * {@code Origin} (else {@code Referer}) must be the console's own. A request that names neither (not a browser's)
 * still needs the form's CSRF token ({@link FormTokens}).
 */
public class SameOrigin {

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return null;
        }
        if (!request.getUriInfo().getPath().startsWith("/ui/")) {
            return null;
        }
        String origin = request.getHeaderString("Origin");
        String source = origin != null ? origin : request.getHeaderString("Referer");
        if (source == null || sameOrigin(source, request.getUriInfo().getBaseUri())) {
            return null;
        }
        // answered as the console's error page (ErrorPage maps every /ui refusal)
        throw new ForbiddenException("a form of another site cannot act on the console");
    }

    private static boolean sameOrigin(String source, URI base) {
        try {
            URI from = URI.create(source);
            return base.getScheme().equalsIgnoreCase(from.getScheme())
                    && base.getHost().equalsIgnoreCase(from.getHost())
                    && port(base) == port(from);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
