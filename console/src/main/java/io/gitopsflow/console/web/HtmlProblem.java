package io.gitopsflow.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * A page that says why a page request was refused (a bad SHA, an unknown pipeline): the pages answer people, so a
 * 400 or 404 is a page in the frame with the reason, not the JSON API's {@code {"error": ...}}.
 */
public final class HtmlProblem {

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance problem(Page page, String title, String reason);
    }

    private HtmlProblem() {}

    /** The answer {@code status} with a page titled {@code title} that says {@code reason}. */
    public static Response answer(Page page, Response.Status status, String title, String reason) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.problem(page, title, reason).render())
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
}
