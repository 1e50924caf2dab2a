package io.gitopsflow.writer.service;

/**
 * An onboarding refused or not finished, with the HTTP status that says why (400, 409, 502, 503) and the reason: nothing
 * was written, or (a pull request the host would not open) only the onboarding branch, which the same request again
 * finds and opens the pull request of.
 */
public final class OnboardingRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public OnboardingRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
