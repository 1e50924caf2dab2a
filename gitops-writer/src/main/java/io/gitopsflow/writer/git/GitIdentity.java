package io.gitopsflow.writer.git;

import org.eclipse.jgit.lib.PersonIdent;

/**
 * A commit author or committer. Both parts are single-line and free of {@code <>}, which would break the commit header.
 *
 * @param name e.g. {@code gitops-flow}
 * @param email e.g. {@code gitops-flow@example.com}
 */
public record GitIdentity(String name, String email) {

    public GitIdentity {
        requireHeaderSafe("name", name);
        requireHeaderSafe("email", email);
    }

    PersonIdent toPersonIdent() {
        return new PersonIdent(name, email);
    }

    private static void requireHeaderSafe(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the Git identity's " + what + " must not be empty");
        }
        if (value.chars().anyMatch(c -> c == '<' || c == '>' || Character.isISOControl(c))) {
            throw new IllegalArgumentException(
                    "the Git identity's " + what + " must not contain '<', '>' or control characters");
        }
    }
}
