package io.gitopsflow.spec.pipeline;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A tag pattern of a subscription ({@code allowTags}, {@code allowTagsRegexes}, {@code ignoreTagsRegexes}), read as
 * Kargo and Argo CD Image Updater read theirs: Go's RE2 syntax (compiled with RE2/J, the Java port of Go's
 * {@code regexp}), and a tag is taken when the pattern is found anywhere in it ({@code MatchString}), so a pattern
 * anchors only with {@code ^} and {@code $}. java.util.regex is not used: it reads some patterns differently
 * ({@code [[:alpha:]]}, {@code (?U)}, {@code [a&&b]}) and accepts what RE2 refuses (backreferences, lookaround).
 *
 * @param field the pipeline field that holds it, for messages
 * @param source the pattern as written
 */
public record TagPattern(String field, String source, Pattern pattern) {

    /** Compiles {@code source}; refuses, with RE2's reason, what Go's regexp would refuse. */
    public static TagPattern compile(String field, String source) {
        try {
            return new TagPattern(field, source, Pattern.compile(source));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    field + " is not a regular expression Kargo (Go's RE2) accepts: " + e.getDescription());
        }
    }

    /** Whether the pattern is found in the tag (Go's {@code MatchString}). */
    public boolean foundIn(String tag) {
        return pattern.matcher(tag).find();
    }

    @Override
    public String toString() {
        return source;
    }
}
