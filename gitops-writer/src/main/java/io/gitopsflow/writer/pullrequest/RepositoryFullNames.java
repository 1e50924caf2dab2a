package io.gitopsflow.writer.pullrequest;

import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.ResourceNames;
import java.net.URISyntaxException;
import org.eclipse.jgit.transport.URIish;

/** The repository name a host's API uses, derived from a clone URL and checked by the {@link ResourceNames} rules. */
public final class RepositoryFullNames {

    private RepositoryFullNames() {}

    /**
     * {@code https://github.com/acme/gitops.git} → {@code acme/gitops}; also {@code git@host:acme/gitops.git} and GitLab
     * subgroups ({@code group/sub/project}).
     */
    public static String fromCloneUrl(String cloneUrl) {
        return fromCloneUrl(cloneUrl, "");
    }

    /**
     * As {@link #fromCloneUrl(String)} for a host served below a path, e.g. {@code https://example.com/gitea/acme/x.git}
     * with {@code pathPrefix} {@code gitea}.
     */
    public static String fromCloneUrl(String cloneUrl, String pathPrefix) {
        URIish uri;
        try {
            uri = new URIish(cloneUrl);
        } catch (URISyntaxException e) {
            // the URL may hold credentials, so it is not echoed
            throw new IllegalArgumentException("invalid clone URL: " + e.getReason());
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        path = strip(path, "/");
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        String prefix = strip(pathPrefix == null ? "" : pathPrefix, "/");
        if (!prefix.isEmpty()) {
            if (!path.startsWith(prefix + "/")) {
                throw new InvalidNameException(
                        "repository path", path, "does not start with the host's path '" + prefix + "'");
            }
            path = path.substring(prefix.length() + 1);
        }
        return ResourceNames.requireRepositoryFullName(path);
    }

    /** Checks that {@code fullName} is {@code owner/name}, as GitHub and Gitea have it; returns its two parts. */
    static String[] requireOwnerAndName(String fullName) {
        ResourceNames.requireRepositoryFullName(fullName);
        String[] parts = fullName.split("/");
        if (parts.length != 2) {
            throw new InvalidNameException("repository name", fullName, "must be 'owner/name'");
        }
        return parts;
    }

    private static String strip(String text, String edge) {
        String result = text;
        while (result.startsWith(edge)) {
            result = result.substring(edge.length());
        }
        while (result.endsWith(edge)) {
            result = result.substring(0, result.length() - edge.length());
        }
        return result;
    }
}
