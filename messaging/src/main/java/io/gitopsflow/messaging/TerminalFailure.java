package io.gitopsflow.messaging;

/**
 * A record whose content is wrong: handling it again cannot succeed, so it goes to {@code <topic>.dlq} with this
 * message as the reason. Every other failure of a handler is taken for an outage (database, broker, Git host,
 * registry) and retried: a good record never leaves the flow because something else was down. Kargo's
 * {@code TerminalError} draws the same line.
 */
public class TerminalFailure extends RuntimeException {

    public TerminalFailure(String reason) {
        super(reason);
    }

    public TerminalFailure(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** Whether {@code failure}, or one of its causes, is terminal (or the database refusing the record's content). */
    public static boolean isTerminal(Throwable failure) {
        if (RefusedContent.in(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TerminalFailure) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
