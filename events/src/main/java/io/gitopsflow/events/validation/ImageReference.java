package io.gitopsflow.events.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference {@code [domain/]path[:tag][@digest]} checked against the grammar of
 * github.com/distribution/reference, so only references a registry accepts reach a manifest.
 *
 * <p>{@code domain} is null when the reference names no registry: we never guess {@code docker.io}. Every constructor
 * call is validated; {@code tag} and {@code digest} may be null.
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    private static final int NAME_MAX = 255;
    private static final int TAG_MAX = 128;
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern DIGEST =
            Pattern.compile("([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]{32,})");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");

    public ImageReference {
        String problem = problem(domain, path, tag, digest);
        if (problem != null) {
            throw new InvalidNameException("image reference", render(domain, path, tag, digest), problem);
        }
    }

    /** Parses a full reference; tag and digest are each optional. */
    public static ImageReference parse(String reference) {
        String problem = textProblem(reference);
        if (problem != null) {
            throw new InvalidNameException("image reference", reference, problem);
        }
        String name = reference;
        String digest = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at + 1);
            name = name.substring(0, at);
        }
        String tag = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String[] domainAndPath = splitDomain(name);
        return new ImageReference(domainAndPath[0], domainAndPath[1], tag, digest);
    }

    /** Checks a repository name without tag or digest, e.g. {@code ghcr.io/acme/books-api}. */
    public static String requireRepository(String name) {
        String problem = textProblem(name);
        if (problem == null && name.indexOf('@') >= 0) {
            problem = "a repository name must not contain a digest";
        } else if (problem == null && name.lastIndexOf(':') > name.lastIndexOf('/')) {
            problem = "a repository name must not contain a tag";
        } else if (problem == null) {
            String[] domainAndPath = splitDomain(name);
            problem = nameProblem(domainAndPath[0], domainAndPath[1]);
        }
        return require("image repository", name, problem);
    }

    public static String requireTag(String tag) {
        String problem = textProblem(tag);
        return require("image tag", tag, problem != null ? problem : tagProblem(tag));
    }

    public static String requireDigest(String digest) {
        String problem = textProblem(digest);
        return require("image digest", digest, problem != null ? problem : digestProblem(digest));
    }

    /** The name without tag and digest: {@code domain/path}, or {@code path} when there is no domain. */
    public String repository() {
        return domain == null ? path : domain + "/" + path;
    }

    /** A copy with another tag; {@code null} removes the tag. */
    public ImageReference withTag(String newTag) {
        return new ImageReference(domain, path, newTag == null ? null : requireTag(newTag), digest);
    }

    /** A copy with another digest; {@code null} removes the digest. */
    public ImageReference withDigest(String newDigest) {
        return new ImageReference(domain, path, tag, newDigest == null ? null : requireDigest(newDigest));
    }

    /** The canonical form {@code repository[:tag][@digest]}, which {@link #parse} reads back to an equal value. */
    @Override
    public String toString() {
        return render(domain, path, tag, digest);
    }

    private static String render(String domain, String path, String tag, String digest) {
        return (domain == null ? "" : domain + "/")
                + (path == null ? "" : path)
                + (tag == null ? "" : ":" + tag)
                + (digest == null ? "" : "@" + digest);
    }

    // Same rule as docker's splitDockerDomain: only a first component that cannot be a path component is a registry.
    private static boolean looksLikeDomain(String component) {
        return component.indexOf('.') >= 0 || component.indexOf(':') >= 0 || component.equals("localhost");
    }

    private static String[] splitDomain(String name) {
        int slash = name.indexOf('/');
        if (slash > 0 && looksLikeDomain(name.substring(0, slash))) {
            return new String[] {name.substring(0, slash), name.substring(slash + 1)};
        }
        return new String[] {null, name};
    }

    private static String require(String what, String value, String problem) {
        if (problem != null) {
            throw new InvalidNameException(what, value, problem);
        }
        return value;
    }

    private static String problem(String domain, String path, String tag, String digest) {
        String problem = textProblem(render(domain, path, tag, digest));
        if (problem == null) {
            problem = nameProblem(domain, path);
        }
        if (problem == null && tag != null) {
            problem = tagProblem(tag);
        }
        if (problem == null && digest != null) {
            problem = digestProblem(digest);
        }
        return problem;
    }

    private static String textProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.codePoints().anyMatch(InvalidNameException::isUnsafe)) {
            return "must not contain control characters";
        }
        if (value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            return "must not contain whitespace";
        }
        return null;
    }

    private static String nameProblem(String domain, String path) {
        int length = (domain == null ? 0 : domain.length() + 1) + (path == null ? 0 : path.length());
        if (length > NAME_MAX) {
            return "repository name must be at most " + NAME_MAX + " characters (was " + length + ")";
        }
        if (domain != null) {
            if (!looksLikeDomain(domain)) {
                return "registry domain must contain '.' or ':' or be localhost";
            }
            if (!DOMAIN.matcher(domain).matches()) {
                return "registry domain must be a host name or a [IPv6] address, with an optional numeric :port";
            }
        }
        if (path == null || path.isEmpty()) {
            return "repository path must not be empty";
        }
        if (!path.equals(path.toLowerCase(Locale.ROOT))) {
            return "repository name must be lowercase";
        }
        String[] components = path.split("/", -1);
        for (String component : components) {
            if (component.isEmpty()) {
                return "repository path must not contain empty components";
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                return "path component " + InvalidNameException.quote(component)
                        + " must be lowercase letters and digits separated by '.', '_', '__' or '-'";
            }
        }
        if (domain == null && components.length > 1 && looksLikeDomain(components[0])) {
            return "first path component " + InvalidNameException.quote(components[0])
                    + " would be read as a registry domain";
        }
        return null;
    }

    private static String tagProblem(String tag) {
        if (tag.isEmpty()) {
            return "tag must not be empty";
        }
        if (tag.length() > TAG_MAX) {
            return "tag must be at most " + TAG_MAX + " characters (was " + tag.length() + ")";
        }
        if (tag.charAt(0) == '.' || tag.charAt(0) == '-') {
            return "tag must start with a letter, a digit or '_'";
        }
        if (!TAG.matcher(tag).matches()) {
            return "tag may contain only letters, digits, '_', '.' and '-'";
        }
        return null;
    }

    private static String digestProblem(String digest) {
        int colon = digest.indexOf(':');
        String algorithm = colon < 0 ? digest : digest.substring(0, colon);
        String encoded = colon < 0 ? "" : digest.substring(colon + 1);
        // The registered algorithms have a fixed length and lower-case hex; a looser form would not match the registry.
        if (algorithm.equals("sha256") && !SHA256.matcher(encoded).matches()) {
            return "a sha256 digest must be 64 lower-case hexadecimal characters after 'sha256:'";
        }
        if (algorithm.equals("sha512") && !SHA512.matcher(encoded).matches()) {
            return "a sha512 digest must be 128 lower-case hexadecimal characters after 'sha512:'";
        }
        if (!DIGEST.matcher(digest).matches()) {
            return "digest must be <algorithm>:<at least 32 hexadecimal characters>, e.g. sha256:<64 hex>";
        }
        return null;
    }
}
