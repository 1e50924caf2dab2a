package io.gitopsflow.console.web;

import io.gitopsflow.console.api.ActionComment;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.PromotionActions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The board's buttons: approve, reject (with a comment), abort and reverify, each a form posted here with its CSRF
 * token, checked, then passed through to promotion-service with the user's own token ({@link PromotionActions}), which
 * decides. On success the browser is sent back to the pipeline's board (Post/Redirect/Get); a refusal, the console's
 * or promotion-service's, is a page with promotion-service's status and reason.
 */
@Path("/ui")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class ActionsPage {

    private final PromotionActions actions;
    private final FormTokens forms;
    private final ErrorPage errors;
    private final SecurityIdentity identity;

    public ActionsPage(PromotionActions actions, FormTokens forms, ErrorPage errors, SecurityIdentity identity) {
        this.actions = actions;
        this.forms = forms;
        this.errors = errors;
        this.identity = identity;
    }

    /** Approve, reject or abort a promotion: the same form, only promotion-service's action differs. */
    @POST
    @Path("promotions/{id}/{action: approve|reject|abort}")
    @Operation(hidden = true)
    public Response review(
            @PathParam("id") String id,
            @PathParam("action") String action,
            @FormParam("csrf") String csrf,
            @FormParam("pipeline") String pipeline,
            @FormParam("comment") String comment) {
        forms.require(identity, csrf);
        String promotion = Names.promotionId(id);
        ActionComment checked = comment(comment);
        if ("reject".equals(action) && checked.comment() == null) {
            throw Names.badRequest("a rejection needs a comment: say why, the requester reads it");
        }
        return act(pipeline, () -> switch (action) {
            case "approve" -> actions.approve(promotion, checked);
            case "reject" -> actions.reject(promotion, checked);
            default -> actions.abort(promotion, checked);
        });
    }

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/reverify")
    @Operation(hidden = true)
    public Response reverify(
            @PathParam("pipeline") String pipeline,
            @PathParam("stage") String stage,
            @FormParam("csrf") String csrf,
            @FormParam("comment") String comment) {
        forms.require(identity, csrf);
        String name = Names.dnsLabel("stage", stage);
        ActionComment checked = comment(comment);
        return act(pipeline, () -> actions.reverify(Names.dnsLabel("pipeline", pipeline), name, checked));
    }

    /** Passes the action on once the board to return to is known; promotion-service's refusal becomes a page. */
    private Response act(String pipeline, Supplier<Uni<Response>> action) {
        String board = Names.dnsLabel("pipeline", pipeline);
        Response answer = action.get().await().indefinitely();
        try (answer) {
            if (answer.getStatus() < 300) {
                return Response.seeOther(URI.create("/ui/pipelines/" + board)).build();
            }
            // PromotionActions gives promotion-service's body as the entity of its answer
            return errors.of(answer, ErrorPage.PIPELINES + "/" + board);
        }
    }

    private static ActionComment comment(String comment) {
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        return new ActionComment(Names.text("comment", text));
    }
}
