package io.gitopsflow.writer.git;

import io.gitopsflow.events.git.GitCredentials;
import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.InvalidNameException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A validated write's remote side: the URL without user info, the branches, the credentials, and the local clone it
 * uses. The clone's folder is a hash of the URL and the base branch, never a name from outside, so the clones stay
 * bounded (one per repository and base branch, whatever the pull-request branches).
 */
record CloneTarget(
        String url, String branch, String baseBranch, Optional<GitCredentials> credentials, String key, Path folder) {

    private static final int MAX_REASON = 500;

    /**
     * Checks the request's remote side.
     *
     * @throws IllegalArgumentException when the URL is not http(s), carries credentials, or a branch name is invalid
     */
    static CloneTarget of(
            String repositoryUrl, String branch, String baseBranch, RepositoryCredentials configured, Path root) {
        URIish uri;
        try {
            uri = new URIish(repositoryUrl);
        } catch (URISyntaxException e) {
            // the URL text may hold a secret, so it is not echoed
            throw new IllegalArgumentException("invalid repository URL: " + e.getReason());
        }
        if (uri.getPass() != null) {
            throw new IllegalArgumentException(
                    "the repository URL must not carry credentials; configure a token for it instead");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("invalid repository URL "
                    + InvalidNameException.quote(uri.setUser(null).toString())
                    + ": only http and https clone URLs are supported");
        }
        String url = uri.setUser(null).toString();
        GitRefNames.requireBranchName(branch);
        GitRefNames.requireBranchName(baseBranch);
        String key = sha256(url + "\n" + baseBranch);
        return new CloneTarget(url, branch, baseBranch, configured.forUrl(url), key, root.resolve(key));
    }

    /** Whether the write goes to a branch of its own rather than to the base branch. */
    boolean pullRequestMode() {
        return !branch.equals(baseBranch);
    }

    /** JGit's credentials for the host, or null for anonymous access. */
    CredentialsProvider credentialsProvider() {
        return credentials
                .<CredentialsProvider>map(c -> new UsernamePasswordCredentialsProvider(
                        c.username(), c.token().toCharArray()))
                .orElse(null);
    }

    /** A message fit for a reason: one line, bounded, and without the token even if a server echoed it. */
    String scrub(String message) {
        String text = String.valueOf(message);
        if (credentials.isPresent()) {
            text = text.replace(credentials.get().token(), "***");
        }
        text = text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]+", " ").strip();
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
    }

    @Override
    public String toString() {
        return url + " branch '" + branch + "'";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
