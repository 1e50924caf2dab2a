package io.gitopsflow.writer.git;

/** Why a write failed, and whether trying the same request later can succeed without anyone fixing something first. */
public enum WriteFailure {
    /** The repository URL, a branch name or a path is not acceptable. */
    INVALID_REQUEST(false),
    /** The host refused the credentials (401/403), or none are configured for it. */
    AUTHENTICATION(false),
    /** The repository does not exist, or the credentials cannot see it. */
    REPOSITORY_NOT_FOUND(false),
    /** The branch to write to (or the base branch of a pull request) does not exist. */
    BRANCH_NOT_FOUND(false),
    /** The applier could not make the change, e.g. a field is missing or a file does not parse. */
    APPLIER_FAILED(false),
    /** The host refused the push for a reason other than a concurrent update, e.g. a protected branch or a hook. */
    PUSH_REJECTED(false),
    /** Other writers kept moving the branch through every attempt; a later redelivery will likely succeed. */
    CONCURRENT_UPDATES(true),
    /** The host could not be reached or failed (timeout, connection refused, 5xx). */
    UNREACHABLE(true),
    /** The local clone could not be used (disk full, broken clone), or the thread was interrupted. */
    WORKSPACE(true);

    private final boolean retryable;

    WriteFailure(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether the same request may succeed later as is; false means configuration or content must change first. */
    public boolean retryable() {
        return retryable;
    }
}
