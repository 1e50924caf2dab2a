package io.gitopsflow.writer.pullrequest;

/** A Git host refused or failed a pull-request call; the message never contains the token. */
public final class PullRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the HTTP status, or 0 when no response arrived (connection refused, timeout)
     * @param reason what went wrong, already free of credentials
     */
    public PullRequestException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** What went wrong, for people. */
    public String reason() {
        return getMessage();
    }

    /** Whether the same call may succeed later: no response, 408, 429 or a server error. */
    public boolean retryable() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
