package io.gitopsflow.cli.auth;

/**
 * The provider's answer to a device authorization request (RFC 8628 §3.2): the code the user types at the verification
 * URI, and the device code the CLI polls the token endpoint with, for at most {@code expiresIn} seconds and at most
 * once every {@code interval} seconds.
 *
 * @param deviceCode what the CLI sends to the token endpoint; a secret of this login
 * @param userCode what the user enters at {@code verificationUri}
 * @param verificationUri where the user goes
 * @param verificationUriComplete the verification URI with the user code in it, or null
 * @param expiresIn seconds until both codes expire
 * @param interval seconds between two polls, or null for the RFC's default of 5
 */
public record DeviceAuthorization(
        String deviceCode,
        String userCode,
        String verificationUri,
        String verificationUriComplete,
        Long expiresIn,
        Long interval) {

    @Override
    public String toString() {
        // never the device code
        return "DeviceAuthorization[userCode=" + userCode + ", verificationUri=" + verificationUri + ", expiresIn="
                + expiresIn + ", interval=" + interval + "]";
    }
}
