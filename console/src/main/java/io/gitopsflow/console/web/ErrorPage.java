package io.gitopsflow.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.rest.ProblemMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one error page of the web console: a refused page request or action shown in the console's frame with its
 * status, the reason in words (escaped like any text), the role needed when promotion-service refused for a missing
 * one, and a link back; never a stack trace, and never the JSON the API answers, which a person in a browser cannot act
 * on. It is also the exception mapper of every {@code /ui} request, so a refusal raised before page code runs (a form
 * without its token, a bad name, an unknown path) is this page too; any other path keeps the API's JSON answer
 * ({@link ProblemMapper}) unchanged.
 */
@ApplicationScoped
public class ErrorPage {

    /** Where a refusal links back to unless its page names a better place. */
    static final String PIPELINES = "/ui/pipelines";

    // promotion-service's refusals say "<user> does not hold role <role>[ needed to ...]"
    private static final Pattern ROLE = Pattern.compile("does not hold role (\\S+)");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_BODY = 500;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(
                Page page, int status, String title, String reason, String role, String back);
    }

    private final Pages pages;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final ProblemMapper api = new ProblemMapper();

    public ErrorPage(Pages pages, SecurityIdentity identity, ObjectMapper json) {
        this.pages = pages;
        this.identity = identity;
        this.json = json;
    }

    /** A refusal of a {@code /ui} request as this page; of any other request as the API's JSON. */
    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response refused(WebApplicationException refusal, HttpServerRequest request) {
        String path = request.path();
        if ("/ui".equals(path) || path.startsWith("/ui/")) {
            return of(refusal);
        }
        return api.toResponse(refusal);
    }

    /** The page of a refusal of this console (a bad name, an unknown pipeline, a form without its token). */
    public Response of(WebApplicationException refusal) {
        int status = refusal.getResponse().getStatus();
        String reason = refusal.getMessage() == null || refusal.getMessage().startsWith("HTTP ")
                ? Response.Status.fromStatusCode(status) == null
                        ? "the request was refused"
                        : Response.Status.fromStatusCode(status).getReasonPhrase()
                : refusal.getMessage();
        return of(status, reason, PIPELINES);
    }

    /**
     * The page of promotion-service's refusal {@code answer}: its reason is the JSON {@code error} of its body, else
     * its text, else its status.
     */
    public Response of(Response answer, String back) {
        return of(answer.getStatus(), reason(answer.getStatus(), answer.getEntity()), back);
    }

    /** The page of {@code status} with {@code reason}, linking {@code back} (or the pipelines when null). */
    public Response of(int status, String reason, String back) {
        String role = null;
        Matcher needed = ROLE.matcher(reason == null ? "" : reason);
        if (needed.find()) {
            role = needed.group(1);
        }
        String html = Templates.error(
                        pages.page(identity),
                        status,
                        status + " " + title(status),
                        reason == null || reason.isBlank() ? "no reason was given" : reason,
                        role,
                        back == null ? PIPELINES : back)
                .render();
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html)
                .build();
    }

    /** At most 100 characters of what a person typed, without control characters, to quote back in a reason. */
    public static String quoted(String value) {
        if (value == null) {
            return "";
        }
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return CONTROL.matcher(cut).replaceAll("?");
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "This request is not valid";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Refused";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known == null ? "Refused" : known.getReasonPhrase();
            }
        };
    }

    private String reason(int status, Object entity) {
        if (entity instanceof Map<?, ?> map && map.get("error") instanceof String error) {
            return error;
        }
        String body = entity == null ? null : entity.toString();
        if (body == null || body.isBlank()) {
            return "promotion-service answered " + status + " without a reason";
        }
        try {
            JsonNode error = json.readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: its text is the reason
        }
        return "promotion-service answered " + status + ": "
                + (body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body);
    }
}
