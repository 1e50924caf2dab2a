package io.gitopsflow.analysis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gitopsflow.analysis.config.AnalysisConfig;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refused request answers its status with the reason as JSON ({@code {"error": ...}}), never an empty body: a
 * 401 also says how to authenticate, a 403 which role is missing; a reason never repeats a token or a payload.
 */
public class ApiErrors {

    /**
     * The body of every refusal.
     *
     * @param error why the request was refused
     */
    public record Refusal(String error) {}

    private final String operatorRole;

    public ApiErrors(AnalysisConfig config) {
        this.operatorRole = config.operatorRole();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("a bearer token is required (Authorization: Bearer <JWT>)");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated("the bearer token is not valid (signature, issuer, audience or expiry)");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return refuse(Response.Status.FORBIDDEN.getStatusCode(), "this needs the role '" + operatorRole + "'");
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        return refuse(
                400,
                "the body is not acceptable JSON: " + Inputs.excerpt(reason).replace("'", ""));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            Log.errorf(e, "request failed");
            return refuse(status, "the request failed; see the service log");
        }
        String reason = e.getMessage() == null || e.getMessage().isBlank()
                ? Response.Status.fromStatusCode(status) == null
                        ? "refused"
                        : Response.Status.fromStatusCode(status).getReasonPhrase()
                : e.getMessage();
        return Response.fromResponse(original)
                .type(MediaType.APPLICATION_JSON)
                .entity(new Refusal(reason))
                .build();
    }

    private static Response unauthenticated(String reason) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON)
                .entity(new Refusal(reason))
                .build();
    }

    private static Response refuse(int status, String reason) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new Refusal(reason))
                .build();
    }
}
