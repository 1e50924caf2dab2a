package io.gitopsflow.buildworker.checkout;

import io.gitopsflow.buildworker.retry.TransientFailures;

/**
 * A commit that cannot be checked out; the message is an actionable {@code build-failed} reason without secrets. A
 * transient one (the Git host unreachable or not answering) is tried again later instead.
 */
public final class CheckoutException extends RuntimeException {

    private final boolean transientFailure;

    public CheckoutException(String reason) {
        this(reason, null);
    }

    /** Transient when {@code cause} says the Git host is unreachable or not answering for now. */
    public CheckoutException(String reason, Throwable cause) {
        super(reason, cause);
        this.transientFailure = TransientFailures.isTransient(cause);
    }

    /** Whether the checkout may succeed unchanged later: the failure was not the commit's. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
