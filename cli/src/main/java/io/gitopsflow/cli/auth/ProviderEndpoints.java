package io.gitopsflow.cli.auth;

import java.net.URI;

/**
 * Where an OpenID Connect provider takes the CLI's requests, as its discovery document names them: the CLI is
 * configured with the issuer alone, so a provider can move its endpoints without a new CLI setting.
 *
 * @param issuer the issuer the document was read from (and names itself)
 * @param deviceAuthorization the device authorization endpoint (RFC 8628), or null when the provider has none
 * @param token the token endpoint
 */
public record ProviderEndpoints(URI issuer, URI deviceAuthorization, URI token) {}
