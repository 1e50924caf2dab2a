package io.gitopsflow.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refused page request or action shown as a page of the console, with its status and the reason in words (escaped
 * like any text) and, when promotion-service refused for a missing role, the role: never a stack trace, and never the
 * JSON the API answers, which a person in a browser cannot act on.
 */
@ApplicationScoped
public class ErrorPage {

    // promotion-service's refusals say "<user> does not hold role <role>[ needed to ...]"
    private static final Pattern ROLE = Pattern.compile("does not hold role (\\S+)");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(Page page, int status, String title, String reason, String role);
    }

    private final Pages pages;

    public ErrorPage(Pages pages) {
        this.pages = pages;
    }

    /** The page of a refusal of this console (a bad name, an unknown pipeline, a form without its token). */
    public Response of(SecurityIdentity identity, WebApplicationException refusal) {
        int status = refusal.getResponse().getStatus();
        String reason = refusal.getMessage() == null || refusal.getMessage().startsWith("HTTP ")
                ? Response.Status.fromStatusCode(status) == null
                        ? "the request was refused"
                        : Response.Status.fromStatusCode(status).getReasonPhrase()
                : refusal.getMessage();
        return of(identity, status, reason);
    }

    /** The page of {@code status} with {@code reason}. */
    public Response of(SecurityIdentity identity, int status, String reason) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = status + " " + (known == null ? "Refused" : known.getReasonPhrase());
        Matcher role = ROLE.matcher(reason == null ? "" : reason);
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(pages.page(identity), status, title, reason, role.find() ? role.group(1) : null)
                        .render())
                .build();
    }
}
