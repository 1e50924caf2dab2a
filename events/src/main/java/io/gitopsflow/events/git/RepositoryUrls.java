package io.gitopsflow.events.git;

import java.util.Locale;
import java.util.Objects;

/**
 * How two spellings of one repository's URL are recognised as the same repository: Git hosts answer both
 * {@code https://host/org/app} and {@code https://host/org/app.git}, with or without a trailing slash, and compare
 * host and path without regard to case. Used wherever a repository named in one event is matched with another.
 */
public final class RepositoryUrls {

    private RepositoryUrls() {}

    /** The URL without a trailing {@code /} or {@code .git}, in lower case: the key two spellings share. */
    public static String canonical(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.endsWith(".git")) {
            trimmed = trimmed.substring(0, trimmed.length() - 4);
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code a} and {@code b} name the same repository. */
    public static boolean sameRepository(String a, String b) {
        return a != null && b != null && canonical(a).equals(canonical(b));
    }

    /**
     * Whether {@code url} is allowed by {@code entry} of an allow-list: the same repository, or, when the entry ends
     * with {@code /}, any repository under that prefix.
     */
    public static boolean allowedBy(String url, String entry) {
        if (url == null || entry == null || entry.isBlank()) {
            return false;
        }
        if (entry.endsWith("/") && !entry.endsWith(".git/")) {
            return url.startsWith(entry) && url.length() > entry.length();
        }
        return sameRepository(url, entry);
    }
}
