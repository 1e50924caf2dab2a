package io.gitopsflow.writer.git;

import io.gitopsflow.writer.git.WriteResult.Failed;
import io.quarkus.logging.Log;
import java.util.Locale;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/** A failed write's answer: its kind and a reason without a credential, told apart from what the remote said. */
final class WriteFailures {

    private WriteFailures() {}

    /** A failure of {@code kind}; the reason is scrubbed and logged. */
    static <C> Failed<C> failed(CloneTarget target, WriteFailure kind, String reason, int attempt) {
        String safe = target.scrub(reason);
        Log.warnf("write to %s failed (%s): %s", target, kind, safe);
        return new Failed<>(kind, safe, attempt);
    }

    /**
     * A fetch or push that failed at the transport: refused credentials, a missing repository, or else an unreachable
     * host ({@link WriteFailure#UNREACHABLE}, which a later try may get past).
     */
    static <C> Failed<C> remote(CloneTarget target, String operation, Exception e, int attempt) {
        String message = target.scrub(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("not authorized")
                || lower.contains("authentication is required")
                || lower.contains("no credentialsprovider")
                || lower.contains("authentication not supported")
                || lower.contains("not permitted")) {
            return failed(
                    target,
                    WriteFailure.AUTHENTICATION,
                    "authentication failed for " + target.url()
                            + (target.credentials().isPresent()
                                    ? " (the host refused the configured credentials)"
                                    : " (no credentials are configured for it)"),
                    attempt);
        }
        if (isCausedBy(e, NoRemoteRepositoryException.class) || lower.contains("not found")) {
            return failed(
                    target,
                    WriteFailure.REPOSITORY_NOT_FOUND,
                    "repository " + target.url() + " does not exist or is not visible with the configured credentials",
                    attempt);
        }
        return failed(
                target, WriteFailure.UNREACHABLE, "cannot " + operation + " " + target.url() + ": " + message, attempt);
    }

    /** The exception's message, or its kind when it has none. */
    static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean isCausedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
