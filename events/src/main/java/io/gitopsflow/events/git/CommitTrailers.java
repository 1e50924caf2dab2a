package io.gitopsflow.events.git;

import java.util.Objects;

/**
 * The trailers gitops-flow writes into the GitOps repository's commits, so a commit can be traced back to what caused
 * it: the writer writes them, promotion-service finds its promotion again in a later push by them. One place for
 * their names, because a writer and a reader that disagree lose the link silently.
 */
public final class CommitTrailers {

    /** The promotion that caused the commit. */
    public static final String PROMOTION_ID = "Promotion-Id";

    /** The Freight the commit delivers. */
    public static final String FREIGHT_ID = "Freight-Id";

    private CommitTrailers() {}

    /** The trailer line {@code name: value}. */
    public static String line(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return name + ": " + value;
    }

    /** Whether {@code message} carries the trailer line {@code name: value} on a line of its own. */
    public static boolean carries(String message, String name, String value) {
        if (message == null) {
            return false;
        }
        String wanted = line(name, value);
        return message.lines().map(String::strip).anyMatch(wanted::equals);
    }
}
