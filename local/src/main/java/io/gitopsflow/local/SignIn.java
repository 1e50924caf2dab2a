package io.gitopsflow.local;

import java.util.Objects;
import java.util.function.Function;

/**
 * How people sign in to the local stack's console, and whose tokens every service trusts.
 *
 * <ul>
 *   <li>{@link #none()}: the local run's own tokens for the APIs; the console's pages have no sign-in (the default);
 *   <li>{@link #withLocalUsers()}: the same tokens, and the console's pages let anyone sign in as a local user without a
 *       password (a banner says so);
 *   <li>{@link #oidc}: an OpenID Connect provider (Keycloak, Dex, …) signs people in to the console with the
 *       authorization code flow, and every service verifies its tokens.
 * </ul>
 *
 * @param localUsers whether local users sign in without a password
 * @param provider the OpenID Connect provider, or null
 */
public record SignIn(boolean localUsers, Provider provider) {

    /** No sign-in to the pages. */
    public static SignIn none() {
        return new SignIn(false, null);
    }

    /** Local users without a password. */
    public static SignIn withLocalUsers() {
        return new SignIn(true, null);
    }

    /** An OpenID Connect provider. */
    public static SignIn oidc(Provider provider) {
        return new SignIn(false, Objects.requireNonNull(provider));
    }

    /**
     * An OpenID Connect provider and the console's client at it.
     *
     * @param issuer its issuer (for Keycloak the realm's URL), also its discovery base
     * @param jwksUrl where its signing keys are published
     * @param clientId the console's client id
     * @param clientSecret the console's client secret
     * @param tokens a user's access token, for the local tools' API calls
     */
    public record Provider(
            String issuer, String jwksUrl, String clientId, String clientSecret, Function<String, String> tokens)
            implements UserTokens {

        @Override
        public String token(String user) {
            return tokens.apply(user);
        }
    }
}
