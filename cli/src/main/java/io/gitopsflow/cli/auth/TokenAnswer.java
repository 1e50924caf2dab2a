package io.gitopsflow.cli.auth;

/**
 * What a token endpoint answered (RFC 6749 §5.1 and §5.2): tokens when it granted the request, else an error code
 * and its description — for the device grant, {@code authorization_pending} and {@code slow_down} mean "ask again".
 *
 * @param accessToken the access token, or null when refused
 * @param refreshToken the refresh token, or null when none was issued
 * @param idToken the ID token, or null
 * @param expiresIn the access token's lifetime in seconds, or null when not said
 * @param error the error code of a refusal, or null
 * @param errorDescription the provider's words about the error, or null
 */
public record TokenAnswer(
        String accessToken,
        String refreshToken,
        String idToken,
        Long expiresIn,
        String error,
        String errorDescription) {

    /** Whether the provider issued an access token. */
    public boolean granted() {
        return accessToken != null && !accessToken.isBlank();
    }

    /** The error and its description, for a message: {@code invalid_grant (Token is not active)}. */
    public String reason() {
        String code = error == null ? "no access token" : error;
        if (errorDescription == null || errorDescription.isBlank()) {
            return code;
        }
        String said = errorDescription.strip();
        return code + " (" + (said.length() > 200 ? said.substring(0, 200) + "..." : said) + ")";
    }

    @Override
    public String toString() {
        // never the tokens
        return "TokenAnswer[granted=" + granted() + ", expiresIn=" + expiresIn + ", error=" + error + "]";
    }
}
