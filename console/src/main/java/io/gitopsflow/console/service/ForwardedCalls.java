package io.gitopsflow.console.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * A call the console forwards to the service that decides it (promotion-service, gitops-writer): that service's answer
 * (status and body, its 4xx reasons included) comes back unchanged, and when it cannot be reached or does not answer in
 * time the call is a 503 with the reason.
 */
final class ForwardedCalls {

    private ForwardedCalls() {}

    /** {@code call}'s answer as the caller gets it, or a 503 naming {@code service}. */
    static Uni<Response> passThrough(String service, Supplier<Uni<? extends Response>> call) {
        return Uni.createFrom()
                .<Response>deferred(call)
                .map(ForwardedCalls::answer)
                .onFailure(ForwardedCalls::unreachable)
                .recoverWithItem(failure -> unavailable(service, failure));
    }

    /** The service's answer as the caller gets it: its status, its media type and its body. */
    private static Response answer(Response upstream) {
        try (upstream) {
            Response.ResponseBuilder answer = Response.status(upstream.getStatus());
            if (upstream.hasEntity()) {
                MediaType type = upstream.getMediaType();
                answer.entity(upstream.readEntity(String.class))
                        .type(type == null ? MediaType.APPLICATION_JSON_TYPE : type);
            }
            return answer.build();
        }
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

    private static Response unavailable(String service, Throwable failure) {
        String reason = failure instanceof TimeoutException
                ? service + " did not answer in time: the action may have been taken, reload before trying again"
                : service + " cannot be reached: " + failure.getMessage();
        Log.warnf("an action was not passed through: %s", reason);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", reason))
                .build();
    }
}
