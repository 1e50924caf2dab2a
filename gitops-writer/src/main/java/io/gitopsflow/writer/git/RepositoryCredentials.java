package io.gitopsflow.writer.git;

import io.gitopsflow.events.git.GitCredentials;
import java.util.Map;
import java.util.Optional;

/**
 * Which credentials to use for a repository URL: the entry with the longest URL prefix that matches at a path boundary,
 * else the default; no credentials at all means anonymous access.
 *
 * @param defaultCredentials used when no prefix matches, or null for anonymous access
 * @param byUrlPrefix credentials per URL prefix, e.g. {@code https://github.com/acme/} or
 *     {@code https://gitea.example.com/platform/gitops.git}
 */
public record RepositoryCredentials(GitCredentials defaultCredentials, Map<String, GitCredentials> byUrlPrefix) {

    public RepositoryCredentials {
        byUrlPrefix = Map.copyOf(byUrlPrefix == null ? Map.of() : byUrlPrefix);
    }

    /** Anonymous access everywhere. */
    public static RepositoryCredentials none() {
        return new RepositoryCredentials(null, Map.of());
    }

    /** One set of credentials for every repository. */
    public static RepositoryCredentials everywhere(GitCredentials credentials) {
        return new RepositoryCredentials(credentials, Map.of());
    }

    /** The credentials for {@code url} (given without user info). */
    public Optional<GitCredentials> forUrl(String url) {
        String best = null;
        for (String prefix : byUrlPrefix.keySet()) {
            if (matchesAtBoundary(url, prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return Optional.ofNullable(best == null ? defaultCredentials : byUrlPrefix.get(best));
    }

    /** {@code https://github.com/acme} must not hand acme's token to {@code https://github.com/acme-evil/x.git}. */
    private static boolean matchesAtBoundary(String url, String prefix) {
        if (prefix.isEmpty() || !url.startsWith(prefix)) {
            return false;
        }
        return url.length() == prefix.length() || prefix.endsWith("/") || url.charAt(prefix.length()) == '/';
    }

    @Override
    public String toString() {
        return "RepositoryCredentials[default=" + defaultCredentials + ", prefixes=" + byUrlPrefix.keySet() + "]";
    }
}
