package io.gitopsflow.buildworker.checkout;

/** A commit that cannot be checked out; the message is an actionable {@code build-failed} reason without secrets. */
public final class CheckoutException extends RuntimeException {

    public CheckoutException(String reason) {
        super(reason);
    }

    public CheckoutException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
