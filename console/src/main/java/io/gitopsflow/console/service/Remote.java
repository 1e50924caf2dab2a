package io.gitopsflow.console.service;

import io.quarkus.logging.Log;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * What a page read from another service: the value, or the sentence that says why there is none (the service cannot
 * be reached, did not answer in time, or refused). A page shows the sentence in place of the part it could not fill,
 * and the rest of the page as usual: a service away is never a 500 for the whole page.
 *
 * @param value what was read, or null
 * @param problem why nothing was read, or null
 * @param <T> what is read
 */
public record Remote<T>(T value, String problem) {

    /** Whether the value is here. */
    public boolean ok() {
        return problem == null;
    }

    /** Nothing read, for {@code problem}. */
    public static <T> Remote<T> failed(String problem) {
        return new Remote<>(null, problem);
    }

    /**
     * Calls {@code service} and reads its 2xx answer as {@code type}; any other answer, a timeout or no connection is
     * the sentence, whose subject is {@code service} and which names {@code what} was asked for.
     */
    public static <T> Remote<T> read(String service, String what, Supplier<Response> call, GenericType<T> type) {
        try (Response answer = call.get()) {
            if (answer.getStatus() / 100 == 2) {
                return new Remote<>(answer.readEntity(type), null);
            }
            String body = answer.hasEntity() ? answer.readEntity(String.class) : "";
            return failed(refusal(service, what, answer.getStatus(), body));
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            String problem = e instanceof TimeoutException
                    ? service + " did not answer in time"
                    : service + " cannot be reached: " + reason(e);
            Log.warnf("%s for %s", problem, what);
            return failed(problem);
        }
    }

    private static String refusal(String service, String what, int status, String body) {
        if (status == 404) {
            return service + " does not know " + what;
        }
        String excerpt = body == null ? "" : body.strip();
        if (excerpt.length() > 200) {
            excerpt = excerpt.substring(0, 200) + "…";
        }
        return service + " answered " + status + " for " + what + (excerpt.isEmpty() ? "" : ": " + excerpt);
    }

    // a timeout, or no connection: refused, reset, a name that does not resolve
    private static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException
                    || cause instanceof ProcessingException
                    || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
