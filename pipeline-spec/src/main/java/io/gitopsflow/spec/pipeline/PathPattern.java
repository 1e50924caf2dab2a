package io.gitopsflow.spec.pipeline;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * One entry of a Git subscription's {@code includePaths}/{@code excludePaths}, in Kargo's three forms: a plain path is
 * a prefix of the file's repository-relative path ({@code apps/books} matches {@code apps/books/values.yaml}), {@code
 * glob:} a glob over the whole path ({@code *} any run within one folder, {@code **} any run across folders, {@code
 * ?} one character), {@code regex:} (or {@code regexp:}) a Go RE2 expression searched in the path.
 *
 * @param source the entry as written
 */
public record PathPattern(String source, Pattern pattern) {

    /** The entry {@code source}; an {@link IllegalArgumentException} says what is wrong with it. */
    public static PathPattern of(String source) {
        try {
            if (source.startsWith("glob:")) {
                return new PathPattern(source, Pattern.compile("^" + glob(source.substring(5)) + "$"));
            }
            if (source.startsWith("regex:") || source.startsWith("regexp:")) {
                return new PathPattern(source, Pattern.compile(source.substring(source.indexOf(':') + 1)));
            }
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("path pattern '" + source + "' is not valid: " + e.getDescription());
        }
        if (source.isBlank() || source.startsWith("/")) {
            throw new IllegalArgumentException(
                    "path '" + source + "' must be relative to the repository's root (no leading /)");
        }
        return new PathPattern(source, null);
    }

    /** Whether the repository-relative {@code file} matches. */
    public boolean matches(String file) {
        return pattern == null ? file.startsWith(source) : pattern.matcher(file).find();
    }

    private static String glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathPattern that && that.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
