package io.gitopsflow.cli;

/**
 * A failure a person can act on: printed as {@code error: <message>} on stderr, exit code 1 (or the code given). The
 * message says what to do (log in again, which role is needed, why the server refused); it never holds a token.
 */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(String message) {
        this(message, ExitCode.FAILED);
    }

    public CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
