package io.gitopsflow.console.web;

import io.gitopsflow.console.api.DoraTrend;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.DoraService;
import io.gitopsflow.console.service.DoraWindow;
import io.gitopsflow.events.validation.ResourceNames;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The Delivery page: a pipeline's four DORA metrics over 7, 30 or 90 days, the very figures {@code GET
 * /pipelines/{pipeline}/dora} gives, with a chart of each per day or week and the definitions one click away.
 */
@Path("/ui/pipelines/{pipeline}/delivery")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class DeliveryPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance delivery(Page page, String pipeline, DeliveryView view);
    }

    private final Pages pages;
    private final DoraService dora;
    private final SecurityIdentity identity;

    public DeliveryPage(Pages pages, DoraService dora, SecurityIdentity identity) {
        this.pages = pages;
        this.dora = dora;
        this.identity = identity;
    }

    @GET
    @Operation(hidden = true)
    public Response delivery(@PathParam("pipeline") String pipeline, @QueryParam("window") String window) {
        Page page = pages.page(identity);
        if (!ResourceNames.isDnsLabel(pipeline)) {
            throw Names.badRequest(
                    "pipeline '" + ErrorPage.quoted(pipeline) + "' is not a DNS label (lower case, digits, '-')");
        }
        DoraWindow over = (window == null ? Optional.of(DoraWindow.DEFAULT) : DoraWindow.of(window))
                .orElseThrow(
                        () -> Names.badRequest("window '" + ErrorPage.quoted(window) + "' is not one of 7d, 30d, 90d"));
        DoraTrend trend = dora.trend(pipeline, over)
                .orElseThrow(() -> new NotFoundException("pipeline '" + pipeline
                        + "' is not known to the console: no pipeline-configured event or promotion of it was seen"));
        String html =
                Templates.delivery(page, pipeline, DeliveryView.of(trend, over)).render();
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
