package io.gitopsflow.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The page a refused request of the Freight, promote and Promotion pages answers: its status and the reason (a bad
 * name, an unknown promotion, promotion-service's refusal), escaped, inside the console's frame, so that a person
 * reads why rather than a JSON body. The JSON API keeps its own answers ({@code rest/ProblemMapper}).
 */
final class FlowPageProblem {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance problem(Page page, int status, String title, String reason, String back);
    }

    private FlowPageProblem() {}

    /** The page of {@code status} with {@code reason}, linking {@code back} (or the pipelines when null). */
    static Response of(Page page, int status, String reason, String back) {
        String title = switch (status) {
            case 400 -> "This request is not valid";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Refused by promotion-service";
            case 503 -> "promotion-service is not available";
            default -> status >= 500 ? "promotion-service failed" : "Refused";
        };
        String html = Templates.problem(page, status, title, reason, back == null ? "/ui/pipelines" : back)
                .render();
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(html)
                .build();
    }

    /** The page of a refusal raised while reading a page's names or data. */
    static Response of(Page page, WebApplicationException refusal, String back) {
        return of(page, refusal.getResponse().getStatus(), refusal.getMessage(), back);
    }
}
