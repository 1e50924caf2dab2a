package io.gitopsflow.writer.edit;

import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.ResourceNames;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks every name and value from outside before it reaches a file: a value must be an OCI image reference (or one
 * of its parts) and hold nothing that could change the YAML around it; a field must be a plain key path.
 */
public final class EditValues {

    private static final int MAX_PATH_SEGMENTS = 32;
    private static final int MAX_SEGMENT_LENGTH = 253;
    /**
     * What image references and chart versions are made of; notably no space, quote, '#', ',', '{', '}', '&', '*', '!',
     * '|', '>'.
     */
    private static final Pattern VALUE_CHARACTERS = Pattern.compile("[A-Za-z0-9._:/@\\[\\]+-]+");

    /** A Helm chart version as an OCI tag holds it, with SemVer's '+' (Helm writes it '_' in the tag). */
    private static final Pattern CHART_VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}");

    private static final Pattern CHART_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,252}");

    private static final Pattern KEY_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    private EditValues() {}

    /**
     * Checks a value to write: an image tag, a digest, a repository or a full reference, by the grammar of
     * github.com/distribution/reference, or a chart version (a tag that may hold SemVer's '+'), made only of characters that cannot start a YAML comment, flow collection,
     * anchor, alias, tag, quote or a new line.
     */
    public static String requireSafeValue(String value) {
        if (value == null || value.isEmpty()) {
            throw new ManifestEditException("invalid value: must not be empty");
        }
        if (!VALUE_CHARACTERS.matcher(value).matches()) {
            throw new ManifestEditException("invalid value " + InvalidNameException.quote(value) + ": "
                    + unsafeCharacter(value)
                    + "; an image reference or a chart version has only letters, digits and . _ - + : / @ [ ]");
        }
        if (!Character.isLetterOrDigit(value.charAt(0)) && value.charAt(0) != '_' && value.charAt(0) != '[') {
            throw new ManifestEditException(
                    "invalid value " + InvalidNameException.quote(value) + ": must start with a letter or digit");
        }
        if (!isTag(value) && !isDigest(value) && !isReference(value) && !isChartVersion(value)) {
            throw new ManifestEditException("invalid value " + InvalidNameException.quote(value)
                    + ": neither an image tag, a digest, a repository, an image reference nor a chart version");
        }
        return value;
    }

    /**
     * Checks a Helm dotted path such as {@code image.tag} or {@code microservice.image} and returns its keys: each
     * non-empty, letters, digits, '_' and '-', not starting with '-', and not a word YAML reads as a boolean, null or
     * number.
     */
    public static List<String> requireDottedPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new ManifestEditException("invalid field: a Helm values path such as image.tag is required");
        }
        List<String> segments = List.of(path.split("\\.", -1));
        if (segments.size() > MAX_PATH_SEGMENTS) {
            throw new ManifestEditException(
                    "invalid field " + InvalidNameException.quote(path) + ": more than " + MAX_PATH_SEGMENTS + " keys");
        }
        for (String segment : segments) {
            String problem = null;
            if (segment.isEmpty()) {
                problem = "empty key (leading, trailing or double '.')";
            } else if (segment.length() > MAX_SEGMENT_LENGTH) {
                problem = "a key longer than " + MAX_SEGMENT_LENGTH + " characters";
            } else if (!KEY_SEGMENT.matcher(segment).matches()) {
                problem = "key " + InvalidNameException.quote(segment)
                        + " must be letters, digits, '_' and '-', not starting with '-'";
            } else if (!YamlScalars.isSafePlain(segment)) {
                problem = "key " + InvalidNameException.quote(segment) + " reads as a YAML boolean, null or number";
            }
            if (problem != null) {
                throw new ManifestEditException("invalid field " + InvalidNameException.quote(path) + ": " + problem);
            }
        }
        return segments;
    }

    /** Checks a kustomize {@code images[].name}: an image repository name, without tag or digest. */
    public static String requireImageName(String name) {
        try {
            return requireSafeValue(ImageReference.requireRepository(name));
        } catch (InvalidNameException e) {
            throw new ManifestEditException(e.getMessage(), e);
        }
    }

    /** Checks a Helm chart name as a {@code Chart.yaml} dependency names it. */
    public static String requireChartName(String name) {
        if (name == null || !CHART_NAME.matcher(name).matches()) {
            throw new ManifestEditException("invalid field " + InvalidNameException.quote(String.valueOf(name))
                    + ": the name of a Chart.yaml dependency is required, letters, digits, '_', '.' and '-'");
        }
        return name;
    }

    /** Checks a container name (a DNS-1123 label). */
    public static String requireContainerName(String name) {
        try {
            return ResourceNames.requireDnsLabel("container name", name);
        } catch (InvalidNameException e) {
            throw new ManifestEditException(e.getMessage(), e);
        }
    }

    private static String unsafeCharacter(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String what = switch (cp) {
                case '\n', '\r', 0x85, 0x2028, 0x2029 -> "a line break";
                case '"', '\'', '`' -> "a quote";
                case '#' -> "'#' (a YAML comment)";
                case ' ', '\t' -> "whitespace";
                case '{', '}', ',' -> "a YAML flow indicator";
                case '&', '*', '!', '|', '>', '%', '?' -> "a YAML indicator";
                case '\\' -> "a backslash";
                default -> null;
            };
            if (what != null) {
                return "contains " + what;
            }
            if (!VALUE_CHARACTERS.matcher(Character.toString(cp)).matches()) {
                return "contains a character an image reference cannot hold";
            }
            i += Character.charCount(cp);
        }
        return "contains a character an image reference cannot hold";
    }

    private static boolean isChartVersion(String value) {
        return CHART_VERSION.matcher(value).matches();
    }

    private static boolean isTag(String value) {
        return accepts(() -> ImageReference.requireTag(value));
    }

    private static boolean isDigest(String value) {
        return accepts(() -> ImageReference.requireDigest(value));
    }

    private static boolean isReference(String value) {
        return accepts(() -> ImageReference.parse(value));
    }

    private static boolean accepts(Runnable check) {
        try {
            check.run();
            return true;
        } catch (InvalidNameException e) {
            return false;
        }
    }
}
