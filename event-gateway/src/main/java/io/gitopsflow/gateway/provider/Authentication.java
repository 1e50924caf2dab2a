package io.gitopsflow.gateway.provider;

/** How a Git provider proves a webhook came from it; the caller checks it in constant time against the secret. */
public enum Authentication {
    /** {@code sha256=<hex>}: HMAC-SHA256 of the raw body keyed with the secret, with a prefix (GitHub). */
    HMAC_SHA256_PREFIXED("sha256="),
    /** {@code <hex>}: HMAC-SHA256 of the raw body keyed with the secret, bare (Gitea). */
    HMAC_SHA256_HEX(""),
    /** The secret itself, in plain text, in a header (GitLab); the body is not signed. */
    SHARED_TOKEN("");

    private final String prefix;

    Authentication(String prefix) {
        this.prefix = prefix;
    }

    /** What comes before the hex digest in the header value; empty when nothing does. */
    public String prefix() {
        return prefix;
    }

    /** True when the header carries an HMAC of the body rather than the secret itself. */
    public boolean isHmac() {
        return this != SHARED_TOKEN;
    }
}
