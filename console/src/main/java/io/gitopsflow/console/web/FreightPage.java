package io.gitopsflow.console.web;

import io.gitopsflow.console.api.FreightList;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.FreightQueries;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A pipeline's Freight, newest first, as a table of Freight by stage: what each Freight is (images, commit) and where
 * it stands in every stage (its latest promotion there, its verification, whether it runs there), with a link to
 * promote it wherever it does not run. Read from the read model ({@link FreightQueries}), a page at a time.
 */
@Path("/ui/pipelines/{pipeline}/freight")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class FreightPage {

    /** Freight per page unless {@code ?limit=} says otherwise: a table a person can still take in. */
    static final int PAGE_SIZE = 25;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance freight(Page page, FreightList list, String olderUrl, boolean first);
    }

    private final Pages pages;
    private final FreightQueries freight;
    private final SecurityIdentity identity;

    public FreightPage(Pages pages, FreightQueries freight, SecurityIdentity identity) {
        this.pages = pages;
        this.freight = freight;
        this.identity = identity;
    }

    @GET
    @Operation(hidden = true)
    public Response freight(
            @PathParam("pipeline") String pipeline,
            @QueryParam("limit") String limit,
            @QueryParam("before") String before) {
        Page page = pages.page(identity);
        String name = Names.dnsLabel("pipeline", pipeline);
        int size = Names.limit(limit, PAGE_SIZE, FreightQueries.MAX_LIMIT);
        FreightList list = freight.page(name, Names.cursor(before), size)
                .orElseThrow(() -> new NotFoundException("pipeline '" + name
                        + "' is not known to the console: no definition, Freight or promotion of it was seen"));
        String older = list.nextCursor() == null
                ? null
                : "/ui/pipelines/" + name + "/freight?"
                        + (limit == null || limit.isEmpty() ? "" : "limit=" + size + "&")
                        + "before="
                        + URLEncoder.encode(list.nextCursor(), StandardCharsets.UTF_8);
        return Response.ok(Templates.freight(page, list, older, before == null || before.isEmpty())
                        .render())
                .type(MediaType.TEXT_HTML_TYPE)
                .build();
    }
}
