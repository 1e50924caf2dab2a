package io.gitopsflow.buildworker.checkout;

import io.gitopsflow.events.git.GitCredentials;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Talking to the Git host: commands authenticated with the repository's credentials and a timeout, their transport
 * failures turned into reasons a developer can act on (without the token), and a refused shallow request told apart
 * from a host that cannot be reached.
 */
final class GitRemote {

    static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/remotes/origin/*");
    static final List<RefSpec> FETCH_SPECS = List.of(BRANCHES, new RefSpec("+refs/tags/*:refs/tags/*"));

    private GitRemote() {}

    /** A fetch from {@code origin} of {@code specs}, with tags when the tags are asked for. */
    static FetchCommand fetch(Git git, List<RefSpec> specs) {
        return git.fetch()
                .setRemote("origin")
                .setRefSpecs(specs)
                .setTagOpt(specs.size() > 1 ? TagOpt.FETCH_TAGS : TagOpt.AUTO_FOLLOW)
                .setRemoveDeletedRefs(true);
    }

    /** Runs a command that talks to the remote, turning transport failures into reasons a developer can act on. */
    static <C extends TransportCommand<C, T>, T> T remote(
            TransportCommand<C, T> command, String safeUrl, Optional<GitCredentials> credentials)
            throws GitAPIException {
        authenticate(command, credentials);
        try {
            return command.call();
        } catch (InvalidRemoteException | TransportException e) {
            throw failure(e, safeUrl, credentials);
        }
    }

    /**
     * Runs a command that asks for a shallow history: a failure a full clone would not have (anything but a refused
     * authentication or an unreachable host or repository) is the server refusing shallow requests.
     */
    static <C extends TransportCommand<C, T>, T> T shallowRemote(
            TransportCommand<C, T> command, String safeUrl, Optional<GitCredentials> credentials)
            throws GitAPIException, ShallowRefusedException {
        authenticate(command, credentials);
        try {
            return command.call();
        } catch (InvalidRemoteException | TransportException e) {
            if (isAuthenticationFailure(e) || isUnreachable(e)) {
                throw failure(e, safeUrl, credentials);
            }
            throw new ShallowRefusedException(scrub(e.getMessage(), credentials), e);
        }
    }

    static void authenticate(TransportCommand<?, ?> command, Optional<GitCredentials> credentials) {
        credentials.ifPresent(c -> command.setCredentialsProvider(
                new UsernamePasswordCredentialsProvider(c.username(), c.token().toCharArray())));
        command.setTimeout(60);
    }

    private static CheckoutException failure(GitAPIException e, String safeUrl, Optional<GitCredentials> credentials) {
        if (isAuthenticationFailure(e)) {
            return new CheckoutException(
                    "authentication failed for " + safeUrl
                            + (credentials.isPresent()
                                    ? " (check the configured credentials)"
                                    : " (no credentials are configured for it)"),
                    e);
        }
        return new CheckoutException("cannot reach " + safeUrl + ": " + scrub(e.getMessage(), credentials), e);
    }

    private static boolean isAuthenticationFailure(GitAPIException e) {
        String lower = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return lower.contains("not authorized")
                || lower.contains("authentication is required")
                || lower.contains("authentication not supported")
                || lower.contains("no credentialsprovider");
    }

    /** No host, no connection, no answer or no such repository: a full clone would fail the same way. */
    private static boolean isUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof NoRemoteRepositoryException) {
                return true;
            }
        }
        return false;
    }

    /** Removes a token from a message JGit built, in case a server or URL echoed it. */
    static String scrub(String message, Optional<GitCredentials> credentials) {
        String text = String.valueOf(message);
        if (credentials.isPresent() && !credentials.get().token().isEmpty()) {
            text = text.replace(credentials.get().token(), "***");
        }
        return text;
    }

    /** A shallow request the server refused; the message holds no secret. */
    static final class ShallowRefusedException extends Exception {

        ShallowRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
