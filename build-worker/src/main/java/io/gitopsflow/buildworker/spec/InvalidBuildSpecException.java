package io.gitopsflow.buildworker.spec;

/** A repository's build spec cannot be read or breaks a rule; terminal, since the same commit reads the same way. */
public final class InvalidBuildSpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidBuildSpecException(String message) {
        super(message);
    }

    public InvalidBuildSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
