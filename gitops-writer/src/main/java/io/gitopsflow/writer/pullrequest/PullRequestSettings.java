package io.gitopsflow.writer.pullrequest;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a host's REST API is and how to authenticate against it.
 *
 * @param apiUrl the API root with its version path: {@code https://api.github.com} (GitHub Enterprise:
 *     {@code https://ghe.example.com/api/v3}), {@code https://gitea.example.com/api/v1},
 *     {@code https://gitlab.example.com/api/v4}
 * @param token the access token; {@link #toString()} hides it
 * @param timeout how long one call may take
 */
public record PullRequestSettings(URI apiUrl, String token, Duration timeout) {

    public PullRequestSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        String scheme = apiUrl.getScheme() == null ? "" : apiUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || apiUrl.getHost() == null) {
            throw new IllegalArgumentException("the pull request API URL must be an http or https URL");
        }
        if (apiUrl.getRawUserInfo() != null || apiUrl.getRawQuery() != null) {
            throw new IllegalArgumentException("the pull request API URL must not carry user info or a query");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the pull request API token must not be empty");
        }
        Objects.requireNonNull(timeout, "timeout");
    }

    /** With a 30 s timeout. */
    public static PullRequestSettings of(String apiUrl, String token) {
        return new PullRequestSettings(URI.create(apiUrl), token, Duration.ofSeconds(30));
    }

    /** The API root without a trailing '/', ready for a path to be appended. */
    String root() {
        String root = apiUrl.toString();
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    @Override
    public String toString() {
        return "PullRequestSettings[apiUrl=" + apiUrl + ", token=***, timeout=" + timeout + "]";
    }
}
