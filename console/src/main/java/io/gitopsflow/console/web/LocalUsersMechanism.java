package io.gitopsflow.console.web;

import io.gitopsflow.console.config.UiConfig;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Sign-in of the local run's users without a password (setting {@code gitops-flow.console.ui.sign-in=local-users},
 * never in a cluster): the session cookie holds the user's token as the local run signed it, checked on every request
 * with the same key and issuer as a bearer token. With any other sign-in the cookie is ignored. An unauthenticated page
 * request is sent to the sign-in page.
 */
@ApplicationScoped
public class LocalUsersMechanism implements HttpAuthenticationMechanism {

    /** The session cookie. */
    public static final String COOKIE = "gitops-flow-user";

    /** The scheme named by {@code quarkus.http.auth.permission.*.auth-mechanism}. */
    public static final String SCHEME = "local-users";

    private final boolean enabled;

    public LocalUsersMechanism(UiConfig config) {
        this.enabled = on(config);
    }

    /**
     * Whether local users sign in: the sign-in is local-users and their folder is set. Without the folder (the local
     * run without {@code --local-users}) nobody can sign in to the pages.
     */
    public static boolean on(UiConfig config) {
        return SCHEME.equals(config.signIn()) && config.localUsers().isPresent();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = enabled ? context.request().getCookie(COOKIE) : null;
        if (cookie == null || cookie.getValue().isBlank()) {
            return Uni.createFrom().nullItem();
        }
        LocalUserRequest request = new LocalUserRequest(cookie.getValue());
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(303, "Location", "/ui/sign-in"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(LocalUserRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, COOKIE, SCHEME));
    }
}
