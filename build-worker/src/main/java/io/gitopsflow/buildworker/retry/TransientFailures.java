package io.gitopsflow.buildworker.retry;

import com.google.cloud.tools.jib.http.ResponseException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Set;

/**
 * Whether a failure is the commit's fault or something else's: a registry or Git host that cannot be reached, does not
 * answer in time, drops the connection or answers 5xx (or 429) is down for a while, not wrong; the build is tried again
 * later instead of failing. Everything else (a refused login, a missing image, a bad Dockerfile) fails the build.
 */
public final class TransientFailures {

    /** Connection failures some clients report with their own types; matched by name to need none of them here. */
    private static final Set<String> CONNECTION_FAILURES = Set.of(
            "org.apache.http.NoHttpResponseException",
            "org.apache.http.ConnectionClosedException",
            "org.apache.http.conn.ConnectTimeoutException",
            "org.apache.http.conn.HttpHostConnectException");

    private TransientFailures() {}

    /** Whether {@code failure}, or any of its causes, says the other side is unreachable or failing for now. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException
                    || t instanceof SocketException
                    || CONNECTION_FAILURES.contains(t.getClass().getName())) {
                return true;
            }
            if (t instanceof ResponseException response && isServerTrouble(response.getStatusCode())) {
                return true;
            }
        }
        return false;
    }

    /** A 5xx (the server failed) or 429 (it asks to come back later). */
    public static boolean isServerTrouble(int status) {
        return status >= 500 || status == 429;
    }
}
