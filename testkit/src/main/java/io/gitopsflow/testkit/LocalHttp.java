package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** HTTP to the servers the testkit starts: a send without checked exceptions, and the wait until one answers. */
public final class LocalHttp {

    private LocalHttp() {}

    /** Sends {@code request}; an I/O failure is an {@link UncheckedIOException}. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits up to 30 s until {@code ready} holds (an {@link UncheckedIOException} counts as not listening yet); gives
     * up at once when the process died. Throws naming {@code what} and its log folder.
     */
    public static void awaitReady(String what, Process process, Path logs, BooleanSupplier ready) {
        try {
            Awaitility.await(what + " ready")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreException(UncheckedIOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(what + " exited with " + process.exitValue());
                        }
                        return ready.getAsBoolean();
                    });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            throw new IllegalStateException(what + " did not start; see its log in " + logs, e);
        }
    }
}
