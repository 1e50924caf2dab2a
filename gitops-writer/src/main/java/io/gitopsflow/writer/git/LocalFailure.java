package io.gitopsflow.writer.git;

/** The local clone failed, not the remote (a stale lock file, a half-written pack, a full disk). */
final class LocalFailure extends Exception {

    private static final long serialVersionUID = 1L;

    LocalFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
