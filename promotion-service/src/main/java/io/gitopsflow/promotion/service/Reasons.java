package io.gitopsflow.promotion.service;

/**
 * Reasons are stored in columns of 2000 characters (the audit trail, a promotion's and a write's reason); a longer one
 * — another service's error message, say — is cut rather than refused, so the answer it comes with still counts.
 */
final class Reasons {

    static final int MAX = 2000;

    private Reasons() {}

    static String fit(String text) {
        return text == null || text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }
}
