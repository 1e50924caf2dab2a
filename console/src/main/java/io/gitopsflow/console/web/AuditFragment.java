package io.gitopsflow.console.web;

import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.PromotionAuditTrail;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A promotion's audit entries as a part of its page, read from promotion-service with the user's own token. The same
 * template renders them alone here and inside the promotion page ({@code {#include AuditFragment/entries /}} with the
 * data {@code audit}, an {@link AuditPanel}).
 */
@Path("/ui/promotions/{id}/audit")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AuditFragment {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance entries(AuditPanel audit);
    }

    private final PromotionAuditTrail trail;

    public AuditFragment(PromotionAuditTrail trail) {
        this.trail = trail;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance entries(@PathParam("id") String id) {
        String promotionId = Names.promotionId(id);
        return Templates.entries(AuditPanel.of(promotionId, trail.of(promotionId)));
    }

    /** The fragment of {@code audit}, for a page that renders it alone. */
    public static TemplateInstance of(AuditPanel audit) {
        return Templates.entries(audit);
    }
}
